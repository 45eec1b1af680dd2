import { createRoute, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { requireAuth } from "../../src/auth";
import { createRedis } from "../../src/cache";
import { createDatabase } from "../../src/db";
import { users } from "../../src/db/schema";
import { DISCLAIMER, requireDisclaimer } from "../../src/disclaimer";
import { isolatedEnv, testClient, type TestEnv } from "../helpers/app";
import { bearer, configOf, jsonPost, registerUser, type Request } from "../helpers/auth";

const DAY_MS = 86_400_000;

/** The real app plus one route behind requireDisclaimer, as the chat and journal routes will be. */
function appWithGatedRoute(bindings: TestEnv): Request {
  const app = createApp();
  app.openapi(
    createRoute({
      method: "get",
      path: "/gated",
      middleware: [requireAuth(), requireDisclaimer()] as const,
      responses: { 200: { description: "ok", content: { "application/json": { schema: z.object({ ok: z.boolean() }) } } } },
    }),
    (c) => c.json({ ok: true }, 200),
  );
  return async (path, init) => {
    const ctx = createExecutionContext();
    const response = await app.fetch(new Request(`http://api.test${path}`, init), bindings, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  };
}

describe("disclaimer", () => {
  let bindings: TestEnv;
  let request: Request;

  beforeAll(async () => {
    bindings = await isolatedEnv({ RATE_LIMIT_AUTH_PER_IP: "1000" });
    request = testClient(bindings);
  });

  it("serves the current text and version publicly", async () => {
    const response = await request("/api/disclaimer");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ version: DISCLAIMER.version, text: DISCLAIMER.text, validityDays: 90 });
    expect(DISCLAIMER.text).toContain("988");
  });

  it("gates routes until accepted, then for 90 days", async () => {
    const gated = appWithGatedRoute(bindings);
    const grant = await registerUser(request);
    const before = await gated("/gated", bearer(grant.accessToken));
    expect(before.status).toBe(403);
    expect((await before.json<{ error: { code: string } }>()).error.code).toBe("DISCLAIMER_REQUIRED");

    const wrongVersion = await request("/api/disclaimer/acknowledge", bearer(grant.accessToken, jsonPost({ version: "1999-01-01" })));
    expect(wrongVersion.status).toBe(400);

    const accepted = await request("/api/disclaimer/acknowledge", bearer(grant.accessToken, jsonPost({ version: DISCLAIMER.version })));
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ state: "accepted", acceptedVersion: DISCLAIMER.version, currentVersion: DISCLAIMER.version });
    expect((await gated("/gated", bearer(grant.accessToken))).status).toBe(200);

    // 91 days later: the acceptance in the database is old, and its cached copy (kept a day) is long gone.
    const config = configOf(bindings);
    const db = createDatabase(config.database);
    await db.update(users).set({ disclaimerAcceptedAt: new Date(Date.now() - 91 * DAY_MS) }).where(eq(users.id, grant.user.id));
    await createRedis(config).del(`${config.cache.namespace}:disclaimer:${grant.user.id}`);
    const expired = await gated("/gated", bearer(grant.accessToken));
    expect(expired.status).toBe(403);
    expect((await expired.json<{ error: { code: string } }>()).error.code).toBe("DISCLAIMER_EXPIRED");
    const status = await request("/api/disclaimer/status", bearer(grant.accessToken));
    expect(await status.json()).toMatchObject({ state: "expired" });

    await db.update(users).set({ disclaimerVersion: "2020-01-01", disclaimerAcceptedAt: new Date() }).where(eq(users.id, grant.user.id));
    const oldVersion = await gated("/gated", bearer(grant.accessToken));
    expect((await oldVersion.json<{ error: { code: string } }>()).error.code).toBe("DISCLAIMER_REQUIRED");
  });

  it("trusts a cached acceptance, so a gated request after the first one makes no database trip for it", async () => {
    const gated = appWithGatedRoute(bindings);
    const grant = await registerUser(request);
    await request("/api/disclaimer/acknowledge", bearer(grant.accessToken, jsonPost({ version: DISCLAIMER.version })));
    expect((await gated("/gated", bearer(grant.accessToken))).status).toBe(200);
    const config = configOf(bindings);
    expect(await createRedis(config).get(`${config.cache.namespace}:disclaimer:${grant.user.id}`)).toMatchObject({ version: DISCLAIMER.version });

    // Were the database asked, this row would refuse the request.
    await createDatabase(config.database).update(users).set({ disclaimerVersion: null, disclaimerAcceptedAt: null }).where(eq(users.id, grant.user.id));
    expect((await gated("/gated", bearer(grant.accessToken))).status).toBe(200);
  });

  it("never caches a refusal: an acceptance counts at once, even where a refusal was seen before", async () => {
    const gated = appWithGatedRoute(bindings);
    const grant = await registerUser(request);
    expect((await gated("/gated", bearer(grant.accessToken))).status).toBe(403);
    const config = configOf(bindings);
    expect(await createRedis(config).get(`${config.cache.namespace}:disclaimer:${grant.user.id}`)).toBeNull();
    await request("/api/disclaimer/acknowledge", bearer(grant.accessToken, jsonPost({ version: DISCLAIMER.version })));
    expect((await gated("/gated", bearer(grant.accessToken))).status).toBe(200);
  });
});
