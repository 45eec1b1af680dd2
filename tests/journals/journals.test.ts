import { beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../../src/db";
import { conversations, journals, type Journal } from "../../src/db/schema";
import { DISCLAIMER } from "../../src/disclaimer";
import { isolatedEnv, testClient, type TestEnv } from "../helpers/app";
import { bearer, configOf, jsonPost, registerUser, type Grant, type Request } from "../helpers/auth";

interface JournalView {
  id: string;
  title: string;
  content: string;
  mood: string | null;
  tags: string[];
  conversationId: string | null;
  createdAt: string;
  updatedAt: string;
}
interface Page {
  items: JournalView[];
  nextCursor: string | null;
}
interface ErrorBody {
  error: { code: string; message: string; details?: { path: string }[] };
}

const SORT_FIELDS = ["createdAt", "updatedAt", "title"] as const;
const BASE_TIME = Date.parse("2025-01-01T00:00:00.000Z");

function jsonRequest(method: string, body: unknown): RequestInit {
  return { method, body: JSON.stringify(body), headers: { "Content-Type": "application/json" } };
}

/** The order the API must return: by the field, ties by id (uuid order is lowercase-hex order), both in one direction. */
function expectedOrder(rows: Journal[], sort: (typeof SORT_FIELDS)[number], order: "asc" | "desc"): string[] {
  const keyOf = (row: Journal) => (sort === "title" ? row.title : row[sort].getTime());
  const direction = order === "asc" ? 1 : -1;
  const compare = (a: Journal, b: Journal) => {
    const [keyA, keyB] = [keyOf(a), keyOf(b)];
    if (keyA !== keyB) return keyA < keyB ? -1 : 1;
    return a.id < b.id ? -1 : 1;
  };
  return [...rows].sort((a, b) => direction * compare(a, b)).map((row) => row.id);
}

describe("journals", () => {
  let bindings: TestEnv;
  let request: Request;
  let db: Database;

  beforeAll(async () => {
    bindings = await isolatedEnv({ RATE_LIMIT_AUTH_PER_IP: "1000" });
    request = testClient(bindings);
    db = createDatabase(configOf(bindings).database);
  });

  async function writerWithDisclaimer(): Promise<Grant> {
    const grant = await registerUser(request);
    const accepted = await request("/api/disclaimer/acknowledge", bearer(grant.accessToken, jsonPost({ version: DISCLAIMER.version })));
    expect(accepted.status).toBe(200);
    return grant;
  }

  async function createEntry(grant: Grant, body: Record<string, unknown>): Promise<JournalView> {
    const response = await request("/api/journals", bearer(grant.accessToken, jsonPost(body)));
    expect(response.status, await response.clone().text()).toBe(201);
    return response.json<JournalView>();
  }

  async function insertConversation(userId: string): Promise<string> {
    const [row] = await db.insert(conversations).values({ userId, personaId: "ayla", roomId: "mirrorRoom" }).returning({ id: conversations.id });
    return row!.id;
  }

  it("refuses every journal route until the disclaimer is accepted", async () => {
    const grant = await registerUser(request);
    const id = crypto.randomUUID();
    const calls: [string, RequestInit][] = [
      ["/api/journals", jsonPost({ title: "t", content: "c" })],
      ["/api/journals", {}],
      [`/api/journals/${id}`, {}],
      [`/api/journals/${id}`, jsonRequest("PATCH", { title: "t" })],
      [`/api/journals/${id}`, { method: "DELETE" }],
    ];
    for (const [path, init] of calls) {
      const response = await request(path, bearer(grant.accessToken, init));
      expect(response.status, `${init.method ?? "GET"} ${path}`).toBe(403);
      expect((await response.json<ErrorBody>()).error.code).toBe("DISCLAIMER_REQUIRED");
    }
    expect((await request("/api/journals")).status).toBe(401);
  });

  it("creates, reads, updates and deletes an entry", async () => {
    const writer = await writerWithDisclaimer();
    const conversationId = await insertConversation(writer.user.id);
    const created = await createEntry(writer, { title: "  Morning pages ", content: "Slept well.", mood: "calm", tags: ["sleep", "routine"], conversationId });
    expect(created).toEqual({
      id: expect.any(String),
      title: "Morning pages",
      content: "Slept well.",
      mood: "calm",
      tags: ["sleep", "routine"],
      conversationId,
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: created.createdAt,
    });
    expect(await createEntry(writer, { title: "Bare", content: "Only what is required" })).toMatchObject({ mood: null, tags: [], conversationId: null });

    const read = await request(`/api/journals/${created.id}`, bearer(writer.accessToken));
    expect(await read.json()).toEqual(created);

    const patched = await request(`/api/journals/${created.id}`, bearer(writer.accessToken, jsonRequest("PATCH", { mood: null, tags: ["sleep"], conversationId: null })));
    expect(patched.status).toBe(200);
    const updated = await patched.json<JournalView>();
    expect(updated).toMatchObject({ title: "Morning pages", content: "Slept well.", mood: null, tags: ["sleep"], conversationId: null, createdAt: created.createdAt });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));

    const deleted = await request(`/api/journals/${created.id}`, bearer(writer.accessToken, { method: "DELETE" }));
    expect(deleted.status).toBe(204);
    expect((await request(`/api/journals/${created.id}`, bearer(writer.accessToken))).status).toBe(404);
    expect((await request(`/api/journals/${created.id}`, bearer(writer.accessToken, { method: "DELETE" }))).status).toBe(404);
  });

  it("validates bodies and ids, naming each invalid field", async () => {
    const writer = await writerWithDisclaimer();
    const valid = { title: "Title", content: "Content" };
    const cases: [string, RequestInit, string[]][] = [
      ["/api/journals", jsonPost({ content: "no title" }), ["json.title"]],
      ["/api/journals", jsonPost({ ...valid, title: "   " }), ["json.title"]],
      ["/api/journals", jsonPost({ ...valid, title: "x".repeat(201) }), ["json.title"]],
      ["/api/journals", jsonPost({ ...valid, content: "x".repeat(20_001) }), ["json.content"]],
      ["/api/journals", jsonPost({ ...valid, mood: "x".repeat(41) }), ["json.mood"]],
      ["/api/journals", jsonPost({ ...valid, tags: Array.from({ length: 21 }, (_, index) => `tag${index}`) }), ["json.tags"]],
      ["/api/journals", jsonPost({ ...valid, tags: ["ok", "x".repeat(41), ""] }), ["json.tags.1", "json.tags.2"]],
      ["/api/journals", jsonPost({ ...valid, conversationId: "42" }), ["json.conversationId"]],
      [`/api/journals/${crypto.randomUUID()}`, jsonRequest("PATCH", {}), ["json"]],
      ["/api/journals/not-a-uuid", {}, ["param.id"]],
      ["/api/journals/not-a-uuid", jsonRequest("PATCH", { title: "t" }), ["param.id"]],
      ["/api/journals/not-a-uuid", { method: "DELETE" }, ["param.id"]],
    ];
    for (const [path, init, fields] of cases) {
      const response = await request(path, bearer(writer.accessToken, init));
      expect(response.status, `${init.method ?? "GET"} ${path} ${String(init.body).slice(0, 80)}`).toBe(400);
      const body = await response.json<ErrorBody>();
      expect(body.error.code).toBe("VALIDATION_FAILED");
      expect(body.error.details?.map((detail) => detail.path)).toEqual(fields);
    }
    expect(await createEntry(writer, { ...valid, title: "x".repeat(200), content: "x".repeat(20_000), mood: "x".repeat(40) })).toMatchObject({ mood: "x".repeat(40) });
  });

  it("keeps each user's entries and conversations private", async () => {
    const owner = await writerWithDisclaimer();
    const other = await writerWithDisclaimer();
    const entry = await createEntry(owner, { title: "Mine", content: "Private" });
    const ownersConversation = await insertConversation(owner.user.id);
    await createEntry(other, { title: "Theirs", content: "Also private" });

    const otherList = await (await request("/api/journals?limit=100", bearer(other.accessToken))).json<Page>();
    expect(otherList.items.map((item) => item.title)).toEqual(["Theirs"]);

    const attempts: RequestInit[] = [{}, jsonRequest("PATCH", { title: "Hijacked" }), { method: "DELETE" }];
    for (const init of attempts) {
      const response = await request(`/api/journals/${entry.id}`, bearer(other.accessToken, init));
      expect(response.status, init.method ?? "GET").toBe(404);
      expect((await response.json<ErrorBody>()).error.code).toBe("NOT_FOUND");
    }
    expect(await (await request(`/api/journals/${entry.id}`, bearer(owner.accessToken))).json()).toEqual(entry);

    // Linking to someone else's conversation looks exactly like linking to one that does not exist.
    for (const conversationId of [ownersConversation, crypto.randomUUID()]) {
      const created = await request("/api/journals", bearer(other.accessToken, jsonPost({ title: "Link", content: "c", conversationId })));
      expect(created.status).toBe(404);
      const patched = await request(`/api/journals/${otherList.items[0]!.id}`, bearer(other.accessToken, jsonRequest("PATCH", { conversationId })));
      expect(patched.status).toBe(404);
    }
  });

  it("pages through entries by each sort field in both orders, without repeats or gaps", async () => {
    const writer = await writerWithDisclaimer();
    // Every sort key has ties (7 titles, 9 creation times, 5 update times), so the id tiebreaker is exercised.
    const values = Array.from({ length: 25 }, (_, index) => ({
      userId: writer.user.id,
      title: `Entry ${String(index % 7).padStart(2, "0")}`,
      content: `content ${index}`,
      createdAt: new Date(BASE_TIME + Math.floor(index / 3) * 60_000),
      updatedAt: new Date(BASE_TIME + ((index * 7) % 5) * 60_000),
    }));
    const rows = await db.insert(journals).values(values).returning();

    for (const sort of SORT_FIELDS) {
      for (const order of ["asc", "desc"] as const) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const response = await request(`/api/journals?sort=${sort}&order=${order}&limit=6${cursor ? `&cursor=${cursor}` : ""}`, bearer(writer.accessToken));
          expect(response.status, `${sort} ${order}`).toBe(200);
          const page: Page = await response.json<Page>();
          seen.push(...page.items.map((item) => item.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen, `${sort} ${order}`).toEqual(expectedOrder(rows, sort, order));
      }
    }
    const byDefault = await (await request("/api/journals", bearer(writer.accessToken))).json<Page>();
    expect(byDefault.items.map((item) => item.id)).toEqual(expectedOrder(rows, "createdAt", "desc").slice(0, 20));
  });

  it("refuses unknown sort fields and orders, and cursors from another sort", async () => {
    const writer = await writerWithDisclaimer();
    await createEntry(writer, { title: "a", content: "a" });
    await createEntry(writer, { title: "b", content: "b" });

    const badSort = await request("/api/journals?sort=mood", bearer(writer.accessToken));
    expect(badSort.status).toBe(400);
    const badSortBody = await badSort.json<ErrorBody>();
    expect(badSortBody.error.details?.map((detail) => detail.path)).toEqual(["query.sort"]);
    expect(badSortBody.error.message).toContain("createdAt, updatedAt, title");

    const badOrder = await request("/api/journals?order=sideways", bearer(writer.accessToken));
    expect((await badOrder.json<ErrorBody>()).error.details?.map((detail) => detail.path)).toEqual(["query.order"]);

    const titlePage = await (await request("/api/journals?sort=title&limit=1", bearer(writer.accessToken))).json<Page>();
    const foreign = await request(`/api/journals?sort=createdAt&limit=1&cursor=${titlePage.nextCursor}`, bearer(writer.accessToken));
    expect(foreign.status).toBe(400);
    expect((await foreign.json<ErrorBody>()).error.details?.map((detail) => detail.path)).toEqual(["query.cursor"]);
  });
});
