import { desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db";
import { messages } from "../../src/db/schema";
import { isolatedEnv, testClient } from "../helpers/app";
import { configOf } from "../helpers/auth";
import { chattingUser, fakeProviders } from "../helpers/llm";

const AYLA_MIRROR = { personaId: "ayla", roomId: "mirrorRoom" };

async function setup(overrides: Record<string, unknown> = {}) {
  const bindings = await isolatedEnv({ RATE_LIMIT_AUTH_PER_IP: "10000", RATE_LIMIT_AI_PER_MINUTE: "1000", ...overrides });
  const request = testClient(bindings);
  return { bindings, request, fake: fakeProviders(bindings), user: await chattingUser(request), db: createDatabase(configOf(bindings).database) };
}

describe("AI response cache", () => {
  it("serves an identical repeat from the cache with no provider call, and still stores both messages", async () => {
    const { fake, user, db } = await setup();
    const first = await user.chat({ ...AYLA_MIRROR, message: "What is a gentle way to start the day?" });
    expect(first.headers.get("X-Cache")).toBe("MISS");
    const second = await user.chat({ ...AYLA_MIRROR, message: "What is a gentle way to start the day?" });
    expect(second.headers.get("X-Cache")).toBe("HIT");
    const [a, b] = [await first.json<{ reply: string; conversationId: string }>(), await second.json<{ reply: string; cached: boolean; conversationId: string }>()];
    expect(b.reply).toBe(a.reply);
    expect(b.cached).toBe(true);
    expect(await fake.requests("openai")).toBe(1);
    const stored = await db.select().from(messages).where(eq(messages.conversationId, b.conversationId));
    expect(stored.map((row) => [row.role, row.cached])).toEqual(expect.arrayContaining([["user", false], ["assistant", true]]));
  });

  it("never serves one user's cached answer to another", async () => {
    const { request, fake, user } = await setup();
    await user.chat({ ...AYLA_MIRROR, message: "Same words, different people." });
    const other = await chattingUser(request);
    const response = await other.chat({ ...AYLA_MIRROR, message: "Same words, different people." });
    expect(response.headers.get("X-Cache")).toBe("MISS");
    expect(await fake.requests("openai")).toBe(2);
  });

  it("shares answers across users only when CACHE_AI_RESPONSE_SCOPE=global", async () => {
    const { request, fake, user } = await setup({ CACHE_AI_RESPONSE_SCOPE: "global" });
    await user.chat({ ...AYLA_MIRROR, message: "A common question." });
    const other = await chattingUser(request);
    expect((await other.chat({ ...AYLA_MIRROR, message: "A common question." })).headers.get("X-Cache")).toBe("HIT");
    expect(await fake.requests("openai")).toBe(1);
  });

  it("bypasses the cache when CACHE_ENABLED=false", async () => {
    const { fake, user } = await setup({ CACHE_ENABLED: "false" });
    await user.chat({ ...AYLA_MIRROR, message: "No caching please." });
    const again = await user.chat({ ...AYLA_MIRROR, message: "No caching please." });
    expect(again.headers.get("X-Cache")).toBe("BYPASS");
    expect(await fake.requests("openai")).toBe(2);
  });

  it("still answers when Redis is unreachable", async () => {
    const { fake, user } = await setup({ UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9" });
    for (const attempt of [1, 2]) {
      const response = await user.chat({ ...AYLA_MIRROR, message: "Is anyone there?" });
      expect(response.status, `attempt ${attempt}`).toBe(200);
      expect(response.headers.get("X-Cache")).toBe("MISS");
    }
    expect(await fake.requests("openai")).toBe(2);
  });
});

describe("safety before any LLM call", () => {
  it("answers crisis language with human resources, stored and flagged, with zero provider calls", async () => {
    const { fake, user, db } = await setup();
    const response = await user.chat({ ...AYLA_MIRROR, message: "I want to kill myself tonight." });
    expect(response.status).toBe(200);
    const body = await response.json<{ reply: string; flagged: boolean; provider: string; conversationId: string }>();
    expect(body.flagged).toBe(true);
    expect(body.reply).toContain("988");
    expect(body.reply).toContain("741741");
    expect(body.provider).toBe("safety");
    expect(await fake.requests("openai")).toBe(0);
    expect(await fake.requests("anthropic")).toBe(0);
    const stored = await db.select().from(messages).where(eq(messages.conversationId, body.conversationId)).orderBy(desc(messages.createdAt));
    expect(stored.every((row) => row.status === "flagged")).toBe(true);
    expect(stored).toHaveLength(2);
  });

  it("redacts real identifiers from what the provider receives, and leaves ordinary sentences alone", async () => {
    const { fake, user } = await setup();
    await user.chat({ ...AYLA_MIRROR, message: "I have been feeling low. Email me at robin.h@example.com or call 415-555-0134." });
    const sent = JSON.stringify(await fake.lastRequest("openai"));
    expect(sent).not.toContain("robin.h@example.com");
    expect(sent).not.toContain("415-555-0134");
    expect(sent).toContain("I have been feeling low.");
    expect(sent).toContain("[email]");
    expect(sent).toContain("[phone]");
  });
});
