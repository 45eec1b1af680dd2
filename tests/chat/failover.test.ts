import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db";
import { llmCalls, messages } from "../../src/db/schema";
import { isolatedEnv, testClient } from "../helpers/app";
import { configOf } from "../helpers/auth";
import { chattingUser, fakeProviders, type Fault } from "../helpers/llm";

const AYLA_MIRROR = { personaId: "ayla", roomId: "mirrorRoom" };

async function setup(overrides: Record<string, unknown> = {}) {
  const bindings = await isolatedEnv({ RATE_LIMIT_AUTH_PER_IP: "10000", RATE_LIMIT_AI_PER_MINUTE: "1000", OPENAI_TIMEOUT: "500", ANTHROPIC_TIMEOUT: "500", ...overrides });
  const request = testClient(bindings);
  return { bindings, fake: fakeProviders(bindings), user: await chattingUser(request), db: createDatabase(configOf(bindings).database) };
}

describe("failover between providers", () => {
  it.each<[string, "openai" | "anthropic", Fault, string]>([
    ["500", "openai", { kind: "status", status: 500 }, "server_error"],
    ["503", "openai", { kind: "status", status: 503 }, "server_error"],
    ["529 overloaded", "anthropic", { kind: "status", status: 529 }, "overloaded"],
    ["429 rate limited", "openai", { kind: "rate_limit", retryAfterSeconds: 7 }, "rate_limited"],
    ["a hang past its time-out", "openai", { kind: "hang" }, "timeout"],
    ["a connection reset", "anthropic", { kind: "reset" }, "connection"],
    ["a malformed body", "openai", { kind: "malformed" }, "malformed"],
    ["401 (a broken key)", "anthropic", { kind: "status", status: 401 }, "auth"],
  ])("fails over when the primary answers %s", async (_label, primary, fault, failureClass) => {
    const secondary = primary === "openai" ? "anthropic" : "openai";
    const { fake, user, db } = await setup({ AI_PROVIDER: primary });
    await fake.inject(primary, fault, 1);
    const response = await user.chat({ ...AYLA_MIRROR, message: "How do I slow down?" });
    expect(response.status).toBe(200);
    expect((await response.json<{ provider: string }>()).provider).toBe(secondary);
    expect(await fake.requests(primary)).toBe(1);
    expect(await fake.requests(secondary)).toBe(1);
    const calls = await db.select().from(llmCalls).orderBy(llmCalls.id);
    expect(calls.map((call) => [call.provider, call.outcome, call.failover])).toEqual([
      [primary, failureClass, false],
      [secondary, "success", true],
    ]);
  });

  it("does not fail over on a 400: the request is at fault", async () => {
    const { fake, user } = await setup();
    await fake.inject("openai", { kind: "status", status: 400 }, 1);
    const response = await user.chat({ ...AYLA_MIRROR, message: "A question" });
    expect(response.status).toBe(400);
    expect((await response.json<{ error: { code: string } }>()).error.code).toBe("AI_REQUEST_REJECTED");
    expect(await fake.requests("anthropic")).toBe(0);
  });

  it("answers 503 with Retry-After when every provider fails, keeping the user's message", async () => {
    const { bindings, fake, user } = await setup();
    await fake.inject("openai", { kind: "status", status: 500 });
    await fake.inject("anthropic", { kind: "status", status: 529 });
    const response = await user.chat({ ...AYLA_MIRROR, message: "Nothing I say is lost, right?" });
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect((await response.json<{ error: { code: string } }>()).error.code).toBe("AI_UNAVAILABLE");
    const db = createDatabase(configOf(bindings).database);
    const stored = await db.select().from(messages).where(eq(messages.content, "Nothing I say is lost, right?"));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ role: "user", status: "failed" });
    await fake.clear();
  });

  it("fails over before the first token when streaming", async () => {
    const { fake, user } = await setup();
    await fake.inject("openai", { kind: "status", status: 503 }, 1);
    const response = await user.chat({ ...AYLA_MIRROR, message: "Stream please", stream: true });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('"provider":"anthropic"');
    expect(text).toContain("event: done");
  });

  it("skips a provider without an API key", async () => {
    const { user, db } = await setup({ OPENAI_API_KEY: "" });
    const response = await user.chat({ ...AYLA_MIRROR, message: "Only Anthropic here" });
    expect((await response.json<{ provider: string }>()).provider).toBe("anthropic");
    const calls = await db.select().from(llmCalls);
    expect(calls.map((call) => [call.provider, call.failover])).toEqual([["anthropic", false]]);
  });
});
