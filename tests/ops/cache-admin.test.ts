import { Redis } from "@upstash/redis/cloudflare";
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db";
import { auditLog } from "../../src/db/schema";
import { isolatedEnv, testClient } from "../helpers/app";
import { bearer, configOf, registerAdmin } from "../helpers/auth";

describe("cache admin", () => {
  it("deletes one key, a prefix, or all of ours — never a key outside our namespace — and audit-logs each", async () => {
    const bindings = await isolatedEnv({ RATE_LIMIT_AUTH_PER_IP: "1000" });
    const request = testClient(bindings);
    const admin = await registerAdmin(request, bindings);
    const namespace = String(bindings.CACHE_NAMESPACE);
    const redis = new Redis({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN });
    const foreignKey = `foreign-${crypto.randomUUID()}`;
    await redis.set(foreignKey, "not ours");
    await redis.set(`${namespace}x:lookalike`, "not ours either");
    for (let index = 0; index < 120; index += 1) await redis.set(`${namespace}:ai:response:${index}`, "cached");
    await request("/api/personas/ayla");
    await request("/api/rooms/mirrorRoom");

    const call = (path: string, method: string) => request(path, bearer(admin.accessToken, { method }));
    const stats = await (await call("/api/admin/cache/stats", "GET")).json<{ keys: number; byPrefix: Record<string, number> }>();
    expect(stats.byPrefix).toMatchObject({ ai: 120, persona: 1, room: 1 });

    expect(await (await call("/api/admin/cache/persona:ayla", "DELETE")).json()).toEqual({ deleted: 1 });
    expect(await redis.exists(`${namespace}:persona:ayla`)).toBe(0);
    expect(await (await call("/api/admin/cache?prefix=ai:response:", "DELETE")).json()).toEqual({ deleted: 120 });
    expect(await (await call("/api/admin/cache/flush", "POST")).json()).toEqual({ deleted: expect.any(Number) });
    // All that is left is the rate-limit counter of the stats request itself.
    expect((await (await call("/api/admin/cache/stats", "GET")).json<{ byPrefix: Record<string, number> }>()).byPrefix).toEqual({ ratelimit: 1 });

    expect(await redis.get(foreignKey)).toBe("not ours");
    expect(await redis.get(`${namespace}x:lookalike`)).toBe("not ours either");
    await redis.del(foreignKey, `${namespace}x:lookalike`);

    const rows = await createDatabase(configOf(bindings).database).select().from(auditLog).where(eq(auditLog.actorId, admin.user.id));
    expect(rows.map((row) => [row.action, row.target])).toEqual([
      ["cache.delete", "persona:ayla"],
      ["cache.delete_prefix", "ai:response:"],
      ["cache.flush", namespace],
    ]);
    expect((await call("/api/admin/cache?prefix=bad*glob", "DELETE")).status).toBe(400);
  });

  it("answers 503, not 500, when Redis cannot be reached", async () => {
    const bindings = await isolatedEnv({ RATE_LIMIT_AUTH_PER_IP: "1000" });
    const admin = await registerAdmin(testClient(bindings), bindings);
    const response = await testClient({ ...bindings, UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9" })("/api/admin/cache/stats", bearer(admin.accessToken));
    expect(response.status).toBe(503);
  });
});
