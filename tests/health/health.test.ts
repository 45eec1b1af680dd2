import { describe, expect, it } from "vitest";
import { isolatedEnv, testClient } from "../helpers/app";

const CLOSED_PORT_URL = "http://127.0.0.1:9";

describe("GET /api/health", () => {
  it("answers 200 ok with database and cache checks when both are up", async () => {
    const request = testClient(await isolatedEnv());
    const response = await request("/api/health");
    expect(response.status).toBe(200);
    const body = await response.json<{ status: string; version: string; checks: Record<string, { status: string; latencyMs?: number }> }>();
    expect(body.status).toBe("ok");
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.checks.configuration!.status).toBe("ok");
    expect(body.checks.database).toMatchObject({ status: "ok", latencyMs: expect.any(Number) });
    expect(body.checks.cache).toMatchObject({ status: "ok", latencyMs: expect.any(Number) });
  });

  it("answers 200 degraded when only the cache is down", async () => {
    const request = testClient(await isolatedEnv({ UPSTASH_REDIS_REST_URL: CLOSED_PORT_URL }));
    const response = await request("/api/health");
    expect(response.status).toBe(200);
    const body = await response.json<{ status: string; checks: Record<string, { status: string; error?: string }> }>();
    expect(body.status).toBe("degraded");
    expect(body.checks.database!.status).toBe("ok");
    expect(body.checks.cache!.status).toBe("down");
    expect(body.checks.cache!.error).toBeTypeOf("string");
  });

  it("answers 503 when the database is down", async () => {
    const request = testClient(await isolatedEnv({ DATABASE_HTTP_ENDPOINT: CLOSED_PORT_URL }));
    const response = await request("/api/health");
    expect(response.status).toBe(503);
    const body = await response.json<{ status: string; checks: Record<string, { status: string }> }>();
    expect(body.status).toBe("error");
    expect(body.checks.database!.status).toBe("down");
    expect(body.checks.cache!.status).toBe("ok");
  });

  it("answers 503 naming each invalid setting when the configuration is invalid", async () => {
    const request = testClient(await isolatedEnv({ LOG_LEVEL: "loud", OPENAI_TEMPERATURE: "7" }));
    const response = await request("/api/health");
    expect(response.status).toBe(503);
    const body = await response.json<{ status: string; checks: { configuration: { status: string; issues: string[] } } }>();
    expect(body.status).toBe("error");
    expect(body.checks.configuration.status).toBe("invalid");
    expect(body.checks.configuration.issues).toEqual([
      expect.stringMatching(/^LOG_LEVEL must be one of error, warn, info, http, verbose, debug, silly \(got "loud"\)$/),
      expect.stringMatching(/^OPENAI_TEMPERATURE must be a number from 0 to 2 \(got "7"\)$/),
    ]);
  });

  it("never reveals secrets or connection details", async () => {
    const bindings = await isolatedEnv({ DATABASE_HTTP_ENDPOINT: CLOSED_PORT_URL });
    const text = await (await testClient(bindings)("/api/health")).text();
    for (const secret of [bindings.JWT_SECRET, bindings.UPSTASH_REDIS_REST_TOKEN, bindings.OPENAI_API_KEY, bindings.DATABASE_URL]) {
      expect(text).not.toContain(String(secret));
    }
    expect(text).not.toContain("127.0.0.1");
  });
});
