import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../../src/db";
import { conversations, messages } from "../../src/db/schema";
import { DISCLAIMER } from "../../src/disclaimer";
import { isolatedEnv, testClient, type TestEnv } from "../helpers/app";
import { bearer, configOf, jsonPost, registerUser, type Grant, type Request } from "../helpers/auth";

interface Summary {
  id: string;
  personaId: string;
  roomId: string;
  title: string | null;
  createdAt: string;
  updatedAt: string;
  messageCount: number;
}
interface MessageView {
  id: string;
  role: string;
  content: string;
  createdAt: string;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Detail extends Omit<Summary, "messageCount"> {
  messages: Page<MessageView>;
}
interface ErrorBody {
  error: { code: string; details?: { path: string }[] };
}

const BASE_TIME = Date.parse("2025-01-01T00:00:00.000Z");

/** Orders rows the way keyset pagination must: by the key, ties by id (uuid order is lowercase-hex order). */
function byKeyThenId<T extends { id: string }>(keyOf: (row: T) => number, direction: 1 | -1) {
  return (a: T, b: T) => direction * (keyOf(a) - keyOf(b) || (a.id < b.id ? -1 : 1));
}

describe("conversations", () => {
  let bindings: TestEnv;
  let request: Request;
  let db: Database;

  beforeAll(async () => {
    bindings = await isolatedEnv({ RATE_LIMIT_AUTH_PER_IP: "1000" });
    request = testClient(bindings);
    db = createDatabase(configOf(bindings).database);
  });

  /** What the chat service will write; inserted directly here. */
  async function insertConversations(userId: string, count: number, timeOf: (index: number) => Date = () => new Date()) {
    const values = Array.from({ length: count }, (_, index) => ({ userId, personaId: "ayla", roomId: "mirrorRoom", title: `Talk ${index}`, updatedAt: timeOf(index) }));
    return db.insert(conversations).values(values).returning();
  }

  async function insertMessages(conversationId: string, count: number) {
    const values = Array.from({ length: count }, (_, index) => ({
      conversationId,
      role: index % 2 === 0 ? ("user" as const) : ("assistant" as const),
      content: `message ${index}`,
      personaId: "ayla",
      roomId: "mirrorRoom",
      // Pairs share a timestamp, so the id tiebreaker is exercised.
      createdAt: new Date(BASE_TIME + Math.floor(index / 2) * 1000),
    }));
    return db.insert(messages).values(values).returning();
  }

  async function getJson<T>(path: string, grant: Grant): Promise<T> {
    const response = await request(path, bearer(grant.accessToken));
    expect(response.status, await response.clone().text()).toBe(200);
    return response.json<T>();
  }

  async function walkConversations(grant: Grant, limit: number): Promise<Page<Summary>[]> {
    const pages: Page<Summary>[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Summary> = await getJson(`/api/conversations?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, grant);
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor);
    return pages;
  }

  it("pages through the user's conversations, latest activity first, without repeats or gaps", async () => {
    const owner = await registerUser(request);
    // Groups of three share an updated_at, so ties are broken by id across page boundaries.
    const rows = await insertConversations(owner.user.id, 25, (index) => new Date(BASE_TIME + Math.floor(index / 3) * 60_000));
    await insertMessages(rows[0]!.id, 3);

    const pages = await walkConversations(owner, 7);
    expect(pages.map((page) => page.items.length)).toEqual([7, 7, 7, 4]);
    const expectedOrder = [...rows].sort(byKeyThenId((row) => row.updatedAt.getTime(), -1)).map((row) => row.id);
    expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(expectedOrder);

    const first = pages.flatMap((page) => page.items).find((item) => item.id === rows[0]!.id);
    expect(first).toEqual({
      id: rows[0]!.id,
      personaId: "ayla",
      roomId: "mirrorRoom",
      title: "Talk 0",
      createdAt: rows[0]!.createdAt.toISOString(),
      updatedAt: new Date(BASE_TIME).toISOString(),
      messageCount: 3,
    });
    const defaultPage = await getJson<Page<Summary>>("/api/conversations", owner);
    expect(defaultPage.items).toHaveLength(20);
  });

  it("keeps apart rows whose activity differs only in microseconds", async () => {
    const owner = await registerUser(request);
    // The chat service stamps rows with now(): several can fall in one millisecond, which a JS Date cannot tell apart.
    const values = Array.from({ length: 5 }, (_, index) => ({
      userId: owner.user.id,
      personaId: "ayla",
      roomId: "mirrorRoom",
      updatedAt: sql`timestamptz '2025-01-01T00:00:00.000Z' + ${index} * interval '1 microsecond'`,
    }));
    const rows = await db.insert(conversations).values(values).returning({ id: conversations.id });
    const pages = await walkConversations(owner, 2);
    expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(rows.map((row) => row.id).reverse());
  });

  it("returns a conversation with its messages oldest first, page by page", async () => {
    const owner = await registerUser(request);
    const [conversation] = await insertConversations(owner.user.id, 1);
    const rows = await insertMessages(conversation!.id, 12);

    const collected: MessageView[] = [];
    let cursor: string | null = null;
    do {
      const detail: Detail = await getJson(`/api/conversations/${conversation!.id}?messagesLimit=5${cursor ? `&messagesCursor=${cursor}` : ""}`, owner);
      expect(detail).toMatchObject({ id: conversation!.id, personaId: "ayla", roomId: "mirrorRoom", title: "Talk 0" });
      collected.push(...detail.messages.items);
      cursor = detail.messages.nextCursor;
    } while (cursor);

    expect(collected.map((message) => message.id)).toEqual([...rows].sort(byKeyThenId((row) => row.createdAt.getTime(), 1)).map((row) => row.id));
    expect(collected[0]).toEqual({
      id: expect.any(String),
      role: expect.stringMatching(/^(user|assistant)$/),
      content: expect.stringMatching(/^message [01]$/),
      personaId: "ayla",
      roomId: "mirrorRoom",
      provider: null,
      model: null,
      tokensIn: null,
      tokensOut: null,
      latencyMs: null,
      cached: false,
      status: "completed",
      createdAt: new Date(BASE_TIME).toISOString(),
    });
  });

  it("never shows, nor deletes, another user's conversation", async () => {
    const owner = await registerUser(request);
    const other = await registerUser(request);
    const [conversation] = await insertConversations(owner.user.id, 1);
    await insertConversations(other.user.id, 2);

    const otherPages = await walkConversations(other, 100);
    expect(otherPages.flatMap((page) => page.items.map((item) => item.id))).not.toContain(conversation!.id);
    expect(otherPages[0]!.items).toHaveLength(2);

    for (const method of ["GET", "DELETE"]) {
      const response = await request(`/api/conversations/${conversation!.id}`, bearer(other.accessToken, { method }));
      expect(response.status).toBe(404);
      expect((await response.json<ErrorBody>()).error.code).toBe("NOT_FOUND");
    }
    expect((await request(`/api/conversations/${crypto.randomUUID()}`, bearer(other.accessToken))).status).toBe(404);
    expect((await request(`/api/conversations/${conversation!.id}`, bearer(owner.accessToken))).status).toBe(200);
  });

  it("deletes a conversation with its messages and keeps journal entries, unlinked", async () => {
    const owner = await registerUser(request);
    const [conversation] = await insertConversations(owner.user.id, 1);
    await insertMessages(conversation!.id, 4);
    await request("/api/disclaimer/acknowledge", bearer(owner.accessToken, jsonPost({ version: DISCLAIMER.version })));
    const created = await request("/api/journals", bearer(owner.accessToken, jsonPost({ title: "After talking", content: "Notes", conversationId: conversation!.id })));
    expect(created.status).toBe(201);
    const journal = await created.json<{ id: string; conversationId: string | null }>();
    expect(journal.conversationId).toBe(conversation!.id);

    const deleted = await request(`/api/conversations/${conversation!.id}`, bearer(owner.accessToken, { method: "DELETE" }));
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");

    expect((await request(`/api/conversations/${conversation!.id}`, bearer(owner.accessToken))).status).toBe(404);
    expect(await db.select().from(messages).where(eq(messages.conversationId, conversation!.id))).toEqual([]);
    const kept = await getJson<{ title: string; conversationId: string | null }>(`/api/journals/${journal.id}`, owner);
    expect(kept).toMatchObject({ title: "After talking", conversationId: null });
    expect((await request(`/api/conversations/${conversation!.id}`, bearer(owner.accessToken, { method: "DELETE" }))).status).toBe(404);
  });

  it("answers malformed ids, limits and cursors with 400 naming the field", async () => {
    const owner = await registerUser(request);
    const [conversation] = await insertConversations(owner.user.id, 3);
    await insertMessages(conversation!.id, 3);
    const messagesCursor = (await getJson<Detail>(`/api/conversations/${conversation!.id}?messagesLimit=1`, owner)).messages.nextCursor!;

    const cases: [string, RequestInit, string][] = [
      ["/api/conversations/not-a-uuid", {}, "param.id"],
      ["/api/conversations/1234", { method: "DELETE" }, "param.id"],
      ["/api/conversations?limit=0", {}, "query.limit"],
      ["/api/conversations?limit=101", {}, "query.limit"],
      ["/api/conversations?limit=ten", {}, "query.limit"],
      ["/api/conversations?cursor=not-a-cursor", {}, "query.cursor"],
      [`/api/conversations?cursor=${messagesCursor}`, {}, "query.cursor"],
      [`/api/conversations/${conversation!.id}?messagesLimit=500`, {}, "query.messagesLimit"],
      [`/api/conversations/${conversation!.id}?messagesCursor=${btoa("[]")}`, {}, "query.messagesCursor"],
    ];
    for (const [path, init, field] of cases) {
      const response = await request(path, bearer(owner.accessToken, init));
      expect(response.status, path).toBe(400);
      const body = await response.json<ErrorBody>();
      expect(body.error.code).toBe("VALIDATION_FAILED");
      expect(body.error.details?.map((detail) => detail.path)).toEqual([field]);
    }
  });

  it("requires a bearer token", async () => {
    expect((await request("/api/conversations")).status).toBe(401);
    expect((await request(`/api/conversations/${crypto.randomUUID()}`, { method: "DELETE" })).status).toBe(401);
  });
});
