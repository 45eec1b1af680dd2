import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDatabase } from "../../src/db";
import { journals, llmCalls, messages } from "../../src/db/schema";
import { isolatedEnv, testClient, type TestEnv } from "../helpers/app";
import { bearer, configOf, jsonPost, registerUser } from "../helpers/auth";
import { chattingUser, fakeProviders, readSse } from "../helpers/llm";

const AYLA_MIRROR = { personaId: "ayla", roomId: "mirrorRoom" };

async function setup(overrides: Record<string, unknown> = {}) {
  const bindings = await isolatedEnv({ RATE_LIMIT_AUTH_PER_IP: "10000", ...overrides });
  const request = testClient(bindings);
  return { bindings, request, fake: fakeProviders(bindings), user: await chattingUser(request), db: createDatabase(configOf(bindings).database) };
}

async function messagesOf(bindings: TestEnv, conversationId: string) {
  const db = createDatabase(configOf(bindings).database);
  return db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(messages.createdAt);
}

describe("POST /api/ai/chat", () => {
  it.each(["openai", "anthropic"] as const)("answers in the persona's voice with %s as the primary provider", async (primary) => {
    const { bindings, fake, user } = await setup({ AI_PROVIDER: primary });
    const response = await user.chat({ ...AYLA_MIRROR, message: "I keep replaying an argument with my sister." });
    expect(response.status).toBe(200);
    expect(response.headers.get("X-Cache")).toBe("MISS");
    expect(response.headers.get("X-Numira-Disclaimer")).toContain("not therapy");
    const body = await response.json<{ conversationId: string; reply: string; provider: string; model: string; persona: { name: string }; room: { name: string }; cached: boolean; usage: { tokensIn: number }; disclaimer: { text: string } }>();
    expect(body).toMatchObject({ provider: primary, persona: { name: "Ayla" }, room: { name: "Mirror Room" }, cached: false });
    expect(body.reply).toContain("I keep replaying an argument with my sister.");
    expect(body.usage.tokensIn).toBeGreaterThan(0);
    expect(body.disclaimer.text).toContain("not therapy");
    expect(await fake.requests(primary)).toBe(1);

    const stored = await messagesOf(bindings, body.conversationId);
    expect(stored.map((row) => [row.role, row.status, row.provider])).toEqual([
      ["user", "completed", null],
      ["assistant", "completed", primary],
    ]);
    const system = JSON.stringify(await fake.lastRequest(primary));
    expect(system).toContain("Mirror Room");
    expect(system).toContain("not a medical or mental-health professional");
  });

  it("carries the history into the next turn", async () => {
    const { fake, user } = await setup();
    const first = await (await user.chat({ ...AYLA_MIRROR, message: "My name is Robin and I love hiking." })).json<{ conversationId: string; reply: string }>();
    const second = await user.chat({ ...AYLA_MIRROR, message: "What did I say I love?", conversationId: first.conversationId });
    expect(second.status).toBe(200);
    const sent = (await fake.lastRequest("openai")) as { messages: { role: string; content: string }[] };
    expect(sent.messages.map((message) => message.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(sent.messages[1]!.content).toBe("My name is Robin and I love hiking.");
    expect(sent.messages[2]!.content).toBe(first.reply);
  });

  it("drops the oldest turns first when the history exceeds its budget", async () => {
    const { fake, user } = await setup({ CHAT_HISTORY_BUDGET: "600" });
    let conversationId: string | undefined;
    for (const word of ["alpha", "bravo", "charlie", "delta"]) {
      const body = await (await user.chat({ ...AYLA_MIRROR, message: `${word} ${"x".repeat(120)}`, conversationId })).json<{ conversationId: string }>();
      conversationId = body.conversationId;
    }
    const sent = JSON.stringify(await fake.lastRequest("openai"));
    expect(sent).toContain("delta");
    expect(sent).not.toContain("alpha");
  });

  it("streams the reply as SSE and stores the full reply when the stream ends", async () => {
    const { bindings, user } = await setup({ AI_PROVIDER: "anthropic" });
    const response = await user.chat({ ...AYLA_MIRROR, message: "Walk me through what I felt today." }, { Accept: "text/event-stream" });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/event-stream");
    const events = await readSse(response);
    expect(events[0]!.event).toBe("meta");
    const tokens = events.filter((event) => event.event === "token").map((event) => (event.data as { text: string }).text);
    expect(tokens.length).toBeGreaterThan(1);
    const done = events.at(-1)!;
    expect(done.event).toBe("done");
    const reply = done.data as { reply: string; conversationId: string; provider: string };
    expect(reply.reply).toBe(tokens.join(""));
    expect(reply.provider).toBe("anthropic");
    const stored = await messagesOf(bindings, reply.conversationId);
    expect(stored.at(-1)).toMatchObject({ role: "assistant", content: reply.reply, status: "completed" });
  });

  it("ends a stream that fails after its first token with an error event, and records the failure", async () => {
    const { bindings, fake, user, db } = await setup();
    await fake.inject("openai", { kind: "cut_stream", afterChunks: 2 }, 1);
    const response = await user.chat({ ...AYLA_MIRROR, message: "Tell me something long please.", stream: true });
    const events = await readSse(response);
    expect(events.filter((event) => event.event === "token").length).toBeGreaterThanOrEqual(1);
    expect(events.at(-1)).toMatchObject({ event: "error", data: { code: "AI_UNAVAILABLE" } });
    const conversationId = (events[0]!.data as { conversationId: string }).conversationId;
    const stored = await messagesOf(bindings, conversationId);
    expect(stored.map((row) => [row.role, row.status])).toEqual([["user", "failed"]]);
    const calls = await db.select().from(llmCalls);
    expect(calls.map((call) => call.outcome)).toContain("connection");
  });

  it("saves the exchange to a journal when asked", async () => {
    const { user, db } = await setup();
    const body = await (await user.chat({ ...AYLA_MIRROR, message: "Today I finally rested.", saveToJournal: true })).json<{ conversationId: string }>();
    const [entry] = await db.select().from(journals).where(eq(journals.conversationId, body.conversationId));
    expect(entry).toMatchObject({ userId: user.grant.user.id, title: "Ayla in the Mirror Room" });
    expect(entry!.content).toContain("Today I finally rested.");
  });

  it("refuses unknown and incompatible persona/room pairs with 400 naming the compatible personas", async () => {
    const { user } = await setup();
    const incompatible = await user.chat({ personaId: "jax", roomId: "mirrorRoom", message: "hello" });
    expect(incompatible.status).toBe(400);
    const body = await incompatible.json<{ error: { message: string } }>();
    expect(body.error.message).toContain("ayla, cam, rumi, sage");
    expect((await user.chat({ personaId: "zed", roomId: "mirrorRoom", message: "hello" })).status).toBe(400);
    expect((await user.chat({ personaId: "ayla", roomId: "attic", message: "hello" })).status).toBe(400);
  });

  it("refuses an oversized or empty message with 400", async () => {
    const { user } = await setup({ CHAT_MESSAGE_MAX_LENGTH: "200" });
    const long = await user.chat({ ...AYLA_MIRROR, message: "x".repeat(201) });
    expect(long.status).toBe(400);
    expect((await long.json<{ error: { details: { path: string }[] } }>()).error.details[0]!.path).toBe("json.message");
    expect((await user.chat({ ...AYLA_MIRROR, message: "   " })).status).toBe(400);
  });

  it("answers 404 for someone else's conversation", async () => {
    const { request, user } = await setup();
    const mine = await (await user.chat({ ...AYLA_MIRROR, message: "private thoughts" })).json<{ conversationId: string }>();
    const other = await chattingUser(request);
    const response = await other.chat({ ...AYLA_MIRROR, message: "let me in", conversationId: mine.conversationId });
    expect(response.status).toBe(404);
  });

  it("requires an accepted disclaimer", async () => {
    const { request } = await setup();
    const grant = await registerUser(request);
    const response = await request("/api/ai/chat", bearer(grant.accessToken, jsonPost({ ...AYLA_MIRROR, message: "hi" })));
    expect(response.status).toBe(403);
    expect((await response.json<{ error: { code: string } }>()).error.code).toBe("DISCLAIMER_REQUIRED");
  });

  it("limits chats per user with 429 and RateLimit headers", async () => {
    const { user } = await setup({ RATE_LIMIT_AI_PER_MINUTE: "2" });
    expect((await user.chat({ ...AYLA_MIRROR, message: "one" })).status).toBe(200);
    expect((await user.chat({ ...AYLA_MIRROR, message: "two" })).status).toBe(200);
    const limited = await user.chat({ ...AYLA_MIRROR, message: "three" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(limited.headers.get("RateLimit-Policy")).toBe('"ai-minute";q=2;w=60');
  });
});
