import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db";
import { messages } from "../../src/db/schema";
import { isolatedEnv, testClient } from "../helpers/app";
import { bearer, configOf, registerAdmin } from "../helpers/auth";
import { chattingUser, fakeProviders, type Fault } from "../helpers/llm";

const FAULTS: [string, Fault][] = [
  ["500", { kind: "status", status: 500 }],
  ["502", { kind: "status", status: 502 }],
  ["503", { kind: "status", status: 503 }],
  ["529 overloaded", { kind: "status", status: 529 }],
  ["429 with Retry-After", { kind: "rate_limit", retryAfterSeconds: 30 }],
  ["a hang past the time-out", { kind: "hang" }],
  ["a connection reset", { kind: "reset" }],
  ["a malformed body", { kind: "malformed" }],
  ["401", { kind: "status", status: 401 }],
  ["400", { kind: "status", status: 400 }],
];

/** A 400 is the request's fault: no failover, no breaker count. Every other fault is the provider's. */
const isClientFault = (fault: Fault) => fault.kind === "status" && fault.status === 400;

interface BreakerView {
  name: string;
  breaker: { state: string; failuresInWindow: number };
}

/**
 * The fault matrix: each provider fault on the primary alone, then on both providers. For
 * each: what the client gets, whether it failed over, whether the breaker counted it, and
 * that the user's message was stored. With one provider healthy the client never sees a 5xx.
 */
describe.each([
  ["the primary", ["openai"] as const],
  ["both providers", ["openai", "anthropic"] as const],
])("chaos: a fault on %s", (_target, faulty) => {
  it.each(FAULTS)("%s", async (_label, fault) => {
    const bindings = await isolatedEnv({
      RATE_LIMIT_AUTH_PER_IP: "10000",
      OPENAI_TIMEOUT: "400",
      ANTHROPIC_TIMEOUT: "400",
      CIRCUIT_BREAKER_FAILURE_THRESHOLD: "1",
      CIRCUIT_BREAKER_CACHE_TTL: "0",
    });
    const request = testClient(bindings);
    const fake = fakeProviders(bindings);
    const user = await chattingUser(request);
    const admin = await registerAdmin(request, bindings);
    for (const provider of faulty) await fake.inject(provider, fault, 1);
    const message = `Chaos ${crypto.randomUUID()}`;

    const response = await user.chat({ personaId: "ayla", roomId: "mirrorRoom", message });
    const body = await response.json<{ provider?: string; error?: { code: string } }>();

    const oneHealthy = faulty.length === 1;
    if (isClientFault(fault)) {
      expect(response.status).toBe(400);
      expect(body.error?.code).toBe("AI_REQUEST_REJECTED");
      expect(await fake.requests("anthropic")).toBe(0);
    } else if (oneHealthy) {
      expect(response.status).toBe(200);
      expect(body.provider).toBe("anthropic");
    } else {
      expect(response.status).toBe(503);
      expect(body.error?.code).toBe("AI_UNAVAILABLE");
      expect(response.headers.get("Retry-After")).toMatch(/^\d+$/);
    }
    if (oneHealthy) expect(response.status).toBeLessThan(500);

    const status = await (await request("/api/llm/status", bearer(admin.accessToken))).json<{ providers: BreakerView[] }>();
    const openai = status.providers.find((provider) => provider.name === "openai")!.breaker;
    if (isClientFault(fault)) expect(openai).toMatchObject({ state: "CLOSED", failuresInWindow: 0 });
    else expect(openai.state).toBe("OPEN");

    const stored = await createDatabase(configOf(bindings).database).select().from(messages).where(eq(messages.content, message));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.role).toBe("user");
    await fake.clear();
  });
});

describe("chaos: a dependency goes away", () => {
  it("Redis unreachable: the chat still answers from the provider and stores the exchange", async () => {
    const bindings = await isolatedEnv({ RATE_LIMIT_AUTH_PER_IP: "10000" });
    const user = await chattingUser(testClient(bindings));
    const withoutRedis = testClient({ ...bindings, UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9" });
    const message = `Redis is gone ${crypto.randomUUID()}`;
    const response = await withoutRedis("/api/ai/chat", bearer(user.grant.accessToken, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ personaId: "ayla", roomId: "mirrorRoom", message }) }));
    expect(response.status).toBe(200);
    const stored = await createDatabase(configOf(bindings).database).select().from(messages).where(eq(messages.conversationId, (await response.json<{ conversationId: string }>()).conversationId));
    expect(stored.map((row) => row.role).sort()).toEqual(["assistant", "user"]);
  });

  it("database unreachable: a clear 503 in the error envelope, and nothing half-written", async () => {
    const bindings = await isolatedEnv({ RATE_LIMIT_AUTH_PER_IP: "10000" });
    const user = await chattingUser(testClient(bindings));
    const withoutDatabase = testClient({ ...bindings, DATABASE_HTTP_ENDPOINT: "http://127.0.0.1:9" });
    const message = `The database is gone ${crypto.randomUUID()}`;
    const response = await withoutDatabase("/api/ai/chat", bearer(user.grant.accessToken, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ personaId: "ayla", roomId: "mirrorRoom", message }) }));
    expect(response.status).toBe(503);
    expect((await response.json<{ error: { code: string; requestId: string } }>()).error).toMatchObject({ code: "SERVICE_UNAVAILABLE", requestId: expect.any(String) });
    expect(await createDatabase(configOf(bindings).database).select().from(messages).where(eq(messages.content, message))).toEqual([]);
  });
});
