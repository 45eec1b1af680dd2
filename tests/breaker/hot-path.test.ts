import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { BreakerSettings } from "../../src/breaker";
import { isolatedEnv, testClient, type TestEnv } from "../helpers/app";
import { createDatabase } from "../../src/db";
import { auditLog } from "../../src/db/schema";
import { bearer, configOf, registerAdmin } from "../helpers/auth";
import { chattingUser, fakeProviders } from "../helpers/llm";

const AYLA_MIRROR = { personaId: "ayla", roomId: "mirrorRoom" };

async function setup(overrides: Record<string, unknown> = {}) {
  const bindings = await isolatedEnv({
    RATE_LIMIT_AUTH_PER_IP: "10000",
    RATE_LIMIT_AI_PER_MINUTE: "10000",
    RATE_LIMIT_AI_PER_HOUR: "10000",
    CIRCUIT_BREAKER_FAILURE_THRESHOLD: "3",
    CACHE_ENABLED: "false",
    ...overrides,
  });
  const request = testClient(bindings);
  return { bindings, request, fake: fakeProviders(bindings), user: await chattingUser(request) };
}

/** The breaker object this test file's Worker uses for a provider (scoped by its cache namespace). */
function breakerOf(bindings: TestEnv, provider: string) {
  return env.CIRCUIT_BREAKER.get(env.CIRCUIT_BREAKER.idFromName(`${String(bindings.CACHE_NAMESPACE ?? "numira")}:${provider}`));
}

const settingsOf = (bindings: TestEnv): BreakerSettings => ({
  failureThreshold: Number(bindings.CIRCUIT_BREAKER_FAILURE_THRESHOLD),
  failureWindowMs: 60_000,
  resetTimeoutMs: Number(bindings.CIRCUIT_BREAKER_RESET_TIMEOUT ?? 30_000),
  halfOpenSuccessThreshold: 2,
  halfOpenMaxProbes: Number(bindings.CIRCUIT_BREAKER_HALF_OPEN_MAX_PROBES ?? 2),
  probeLeaseMs: 60_000,
});

describe("breakers on the chat path", () => {
  it("opens after THRESHOLD provider failures, then skips the provider with no upstream call", async () => {
    const { bindings, fake, user } = await setup();
    await fake.inject("openai", { kind: "status", status: 500 });
    for (let index = 0; index < 3; index += 1) expect((await user.chat({ ...AYLA_MIRROR, message: `failing ${index}` })).status).toBe(200);
    expect(await fake.requests("openai")).toBe(3);
    expect((await breakerOf(bindings, "openai").status(settingsOf(bindings))).state).toBe("OPEN");

    for (let index = 0; index < 5; index += 1) {
      const response = await user.chat({ ...AYLA_MIRROR, message: `skipping ${index}` });
      expect((await response.json<{ provider: string }>()).provider).toBe("anthropic");
    }
    expect(await fake.requests("openai")).toBe(3);
    await fake.clear();
  });

  it("does not count a client's bad request against the provider", async () => {
    const { bindings, fake, user } = await setup();
    await fake.inject("openai", { kind: "status", status: 400 }, 5);
    for (let index = 0; index < 5; index += 1) expect((await user.chat({ ...AYLA_MIRROR, message: `bad ${index}` })).status).toBe(400);
    expect(await breakerOf(bindings, "openai").status(settingsOf(bindings))).toMatchObject({ state: "CLOSED", failuresInWindow: 0 });
  });

  it("answers 503 at once, with Retry-After = the earliest probe time, when every circuit is open", async () => {
    const { bindings, fake, user } = await setup({ CIRCUIT_BREAKER_RESET_TIMEOUT: "20000" });
    for (const provider of ["openai", "anthropic"]) await breakerOf(bindings, provider).forceOpen(settingsOf(bindings));
    const openAt = Date.now();
    await breakerOf(bindings, "anthropic").reset(settingsOf(bindings));
    for (let index = 0; index < 3; index += 1) await breakerOf(bindings, "anthropic").report(settingsOf(bindings), { result: "failure", failureClass: "server_error", leaseId: null });
    const response = await user.chat({ ...AYLA_MIRROR, message: "anyone?" });
    expect(response.status).toBe(503);
    const retryAfter = Number(response.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(10);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil((openAt + 20_000 - Date.now()) / 1000) + 1);
    expect(await fake.requests("openai")).toBe(0);
    expect(await fake.requests("anthropic")).toBe(0);
  });

  it("in steady CLOSED, 100 chats consult the breaker objects only a handful of times", { timeout: 90_000 }, async () => {
    const { bindings, user } = await setup({ CIRCUIT_BREAKER_CACHE_TTL: "10000" });
    await user.chat({ ...AYLA_MIRROR, message: "warm-up" });
    const consultations = async () => (await breakerOf(bindings, "openai").status(settingsOf(bindings))).consultations;
    const before = await consultations();
    for (let index = 0; index < 100; index += 1) expect((await user.chat({ ...AYLA_MIRROR, message: `steady ${index}` })).status).toBe(200);
    // The status() read that measures is itself one consultation.
    expect((await consultations()) - before - 1).toBeLessThanOrEqual(5);
  });

  it("skips an OPEN provider from the isolate copy until its probe time, never waiting on the object, and learns of a reset in the background", async () => {
    const { bindings, fake, user } = await setup({ CIRCUIT_BREAKER_CACHE_TTL: "0", CIRCUIT_BREAKER_RESET_TIMEOUT: "60000" });
    await fake.inject("openai", { kind: "status", status: 500 }, 3);
    for (let index = 0; index < 3; index += 1) expect((await user.chat({ ...AYLA_MIRROR, message: `opening ${index}` })).status).toBe(200);

    for (let index = 0; index < 5; index += 1) {
      const response = await user.chat({ ...AYLA_MIRROR, message: `failing over ${index}` });
      expect((await response.json<{ provider: string }>()).provider).toBe("anthropic");
      expect(response.headers.get("Server-Timing")).toContain("breaker;dur=0.00");
    }
    expect(await fake.requests("openai")).toBe(3);

    await breakerOf(bindings, "openai").reset(settingsOf(bindings));
    const stale = await user.chat({ ...AYLA_MIRROR, message: "the copy still says open" });
    expect((await stale.json<{ provider: string }>()).provider).toBe("anthropic");
    const refreshed = await user.chat({ ...AYLA_MIRROR, message: "the refresh saw the reset" });
    expect((await refreshed.json<{ provider: string }>()).provider).toBe("openai");
  });
});

/**
 * Concurrency through SELF: each call is a request of its own, as in production, so the
 * per-request connection limit of Workers does not serialise them. SELF uses the shared
 * test bindings (defaults: threshold 5, 2 probes), so this block works on its own keys.
 */
describe("half-open under concurrency", () => {
  it("lets exactly HALF_OPEN_MAX_PROBES of 100 concurrent chats reach a recovering provider", { timeout: 90_000 }, async () => {
    const shared = env as TestEnv;
    const fake = fakeProviders(shared);
    await fake.clear();
    const stub = breakerOf(shared, "openai");
    const settings = { ...settingsOf({ ...shared, CIRCUIT_BREAKER_FAILURE_THRESHOLD: "5" }), resetTimeoutMs: 30_000 };
    await stub.reset(settings);
    const longAgo = Date.now() - 60_000;
    for (let index = 0; index < 5; index += 1) await stub.report(settings, { result: "failure", failureClass: "server_error", leaseId: null }, longAgo + index);
    const openaiBefore = await fake.requests("openai");
    await fake.inject("openai", { kind: "delay", ms: 1500 });

    const self = (path: string, init?: RequestInit) => SELF.fetch(`http://api.test${path}`, init);
    const users = await Promise.all(Array.from({ length: 10 }, (_, index) => chattingUser((path, init) => self(path, { ...init, headers: { ...(init?.headers as Record<string, string>), "CF-Connecting-IP": `10.77.0.${index}` } }))));
    const responses = await Promise.all(Array.from({ length: 100 }, (_, index) => users[index % 10]!.chat({ ...AYLA_MIRROR, message: `concurrent ${index} ${crypto.randomUUID()}` })));
    await fake.clear();

    expect((await fake.requests("openai")) - openaiBefore).toBe(2);
    const outcomes = await Promise.all(responses.map(async (response) => (response.status === 200 ? (await response.json<{ provider: string }>()).provider : String(response.status))));
    expect(outcomes.filter((outcome) => outcome === "openai")).toHaveLength(2);
    expect(outcomes.every((outcome) => ["openai", "anthropic", "503"].includes(outcome))).toBe(true);
    expect(await stub.status(settings)).toMatchObject({ state: "CLOSED" });
  });
});

describe("LLM admin routes", () => {
  it("shows status, forces open, resets one and all, and audit-logs each action", async () => {
    const { bindings, request } = await setup();
    const admin = await registerAdmin(request, bindings);
    const post = (path: string) => request(path, bearer(admin.accessToken, { method: "POST" }));
    const status = async () => (await (await request("/api/llm/status", bearer(admin.accessToken))).json<{ providers: { name: string; configured: boolean; breaker: { state: string; forced: boolean } }[] }>()).providers;

    expect((await status()).map((provider) => [provider.name, provider.configured, provider.breaker.state])).toEqual([
      ["openai", true, "CLOSED"],
      ["anthropic", true, "CLOSED"],
    ]);
    expect((await post("/api/llm/open/openai")).status).toBe(200);
    expect((await status())[0]!.breaker).toMatchObject({ state: "OPEN", forced: true });
    expect((await post("/api/llm/reset/openai")).status).toBe(200);
    expect((await status())[0]!.breaker.state).toBe("CLOSED");
    await post("/api/llm/open/anthropic");
    const resetAll = await post("/api/llm/reset-all");
    expect(resetAll.status).toBe(200);
    expect((await status()).every((provider) => provider.breaker.state === "CLOSED")).toBe(true);
    expect((await post("/api/llm/reset/gemini")).status).toBe(404);

    const rows = await createDatabase(configOf(bindings).database).select().from(auditLog);
    expect(rows.filter((row) => row.action.startsWith("llm.")).map((row) => [row.action, row.actorId])).toEqual([
      ["llm.breaker.open", admin.user.id],
      ["llm.breaker.reset", admin.user.id],
      ["llm.breaker.open", admin.user.id],
      ["llm.breaker.reset_all", admin.user.id],
    ]);
    const text = JSON.stringify(await status());
    expect(text).not.toContain(String(bindings.OPENAI_API_KEY));
  });

  it("reports usage metrics from llm_calls over a validated window", async () => {
    const { bindings, request, fake, user } = await setup();
    const admin = await registerAdmin(request, bindings);
    await fake.inject("openai", { kind: "status", status: 503 }, 1);
    await user.chat({ ...AYLA_MIRROR, message: "first" });
    await user.chat({ ...AYLA_MIRROR, message: "second" });
    const response = await request("/api/llm/metrics?window=15m", bearer(admin.accessToken));
    expect(response.status).toBe(200);
    const metrics = await response.json<{ windowSeconds: number; overall: { requests: number; successes: number; failovers: number; failures: Record<string, number>; latencyMs: { p50: number } }; providers: Record<string, { requests: number }> }>();
    expect(metrics.windowSeconds).toBe(900);
    expect(metrics.overall).toMatchObject({ requests: 3, successes: 2, failovers: 1, failures: { server_error: 1 } });
    expect(metrics.providers.openai!.requests).toBe(2);
    expect(metrics.overall.latencyMs.p50).toEqual(expect.any(Number));
    for (const window of ["1m", "31d", "soon"]) expect((await request(`/api/llm/metrics?window=${window}`, bearer(admin.accessToken))).status).toBe(400);
  });
});
