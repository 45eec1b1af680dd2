import { Redis } from "@upstash/redis/cloudflare";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { PERSONA_SEEDS, ROOM_SEEDS } from "../../src/catalog/seed-data";
import { createDatabase } from "../../src/db";
import { auditLog } from "../../src/db/schema";
import { captureLogs, isolatedEnv, testClient, type TestEnv } from "../helpers/app";
import { bearer, configOf, registerAdmin, registerUser, type Grant, type Request } from "../helpers/auth";

interface PersonaBody {
  id: string;
  name: string;
  tone: string;
  systemPrompt?: string;
  tags: string[];
  roomIds: string[];
}
interface RoomBody {
  id: string;
  name: string;
  promptType: string;
  purpose: string;
  personaIds: string[];
}
interface ErrorBody {
  error: { code: string; message: string; details?: { path: string }[] };
}

const UNREACHABLE = "http://127.0.0.1:9";
const sorted = (ids: readonly string[]) => [...ids].sort();
const ids = (items: { id: string }[]) => sorted(items.map((item) => item.id));

function put(body: unknown, token?: string): RequestInit {
  const init: RequestInit = { method: "PUT", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } };
  return token ? bearer(token, init) : init;
}

describe("catalog", () => {
  let bindings: TestEnv;
  let request: Request;
  let admin: Grant;
  let user: Grant;

  async function getJson<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await request(path, init);
    expect(response.status, await response.clone().text()).toBe(200);
    return response.json<T>();
  }

  beforeAll(async () => {
    bindings = await isolatedEnv({ RATE_LIMIT_AUTH_PER_IP: "1000" });
    request = testClient(bindings);
    admin = await registerAdmin(request, bindings);
    user = await registerUser(request);
  });

  it("lists the six seeded personas with their rooms, hiding system prompts from anonymous callers and users", async () => {
    for (const init of [undefined, bearer(user.accessToken)]) {
      const response = await request("/api/personas", init);
      expect(response.status).toBe(200);
      expect(response.headers.get("Cache-Control")).toBe("public, max-age=60");
      expect(response.headers.get("Vary")).toContain("Authorization");
      const { personas } = await response.json<{ personas: PersonaBody[] }>();
      expect(ids(personas)).toEqual(sorted(PERSONA_SEEDS.map((seed) => seed.id)));
      for (const persona of personas) {
        const seed = PERSONA_SEEDS.find((candidate) => candidate.id === persona.id)!;
        expect(persona.roomIds).toEqual(sorted(seed.roomIds));
        expect(persona.roomIds).toContain("clarityBar");
        expect(persona).not.toHaveProperty("systemPrompt");
      }
    }
  });

  it("shows system prompts to admins only, and never lets them be cached", async () => {
    const response = await request("/api/personas", bearer(admin.accessToken));
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const { personas } = await response.json<{ personas: PersonaBody[] }>();
    for (const persona of personas) expect(persona.systemPrompt).toBe(PERSONA_SEEDS.find((seed) => seed.id === persona.id)!.systemPrompt);

    expect((await getJson<PersonaBody>("/api/personas/ayla", bearer(admin.accessToken))).systemPrompt).toContain("You are Ayla");
    expect(await getJson<PersonaBody>("/api/personas/ayla", bearer(user.accessToken))).not.toHaveProperty("systemPrompt");
    const roomPersonas = await getJson<{ personas: PersonaBody[] }>("/api/rooms/mirrorRoom/personas", bearer(admin.accessToken));
    expect(roomPersonas.personas.every((persona) => persona.systemPrompt !== undefined)).toBe(true);
  });

  it("treats an invalid token on a public route as anonymous", async () => {
    const response = await request("/api/personas/ayla", bearer("not.a-valid.token"));
    expect(response.status).toBe(200);
    expect(await response.json()).not.toHaveProperty("systemPrompt");
  });

  it("lists the six rooms with the personas that may enter them", async () => {
    const { rooms } = await getJson<{ rooms: RoomBody[] }>("/api/rooms");
    expect(ids(rooms)).toEqual(sorted(ROOM_SEEDS.map((seed) => seed.id)));
    const byId = new Map(rooms.map((room) => [room.id, room]));
    expect(byId.get("mirrorRoom")!.personaIds).toEqual(["ayla", "cam", "rumi", "sage"]);
    expect(byId.get("clarityBar")!.personaIds).toEqual(sorted(PERSONA_SEEDS.map((seed) => seed.id)));
    expect(byId.get("moodBooth")!.promptType).toBe("short_form");

    const mirrorRoom = await getJson<RoomBody>("/api/rooms/mirrorRoom");
    expect(mirrorRoom).toMatchObject({ name: "Mirror Room", promptType: "open", personaIds: ["ayla", "cam", "rumi", "sage"] });
    const { personas } = await getJson<{ personas: PersonaBody[] }>("/api/rooms/mirrorRoom/personas");
    expect(ids(personas)).toEqual(["ayla", "cam", "rumi", "sage"]);
    expect(personas.some((persona) => "systemPrompt" in persona)).toBe(false);
    const jaxRooms = await getJson<{ rooms: RoomBody[] }>("/api/personas/jax/rooms");
    expect(ids(jaxRooms.rooms)).toEqual(["clarityBar", "flashlightRoom", "moodBooth", "reframeRoom"]);
  });

  it("answers 404 naming the unknown persona or room, and 400 for a malformed id", async () => {
    for (const path of ["/api/personas/nobody", "/api/personas/nobody/rooms", "/api/rooms/nowhere", "/api/rooms/nowhere/personas"]) {
      const response = await request(path);
      expect(response.status, path).toBe(404);
      const body = await response.json<ErrorBody>();
      expect(body.error.code).toBe("NOT_FOUND");
      expect(body.error.message).toMatch(/No (persona "nobody"|room "nowhere")/);
    }
    for (const path of ["/api/personas/not-an-id", `/api/personas/${"a".repeat(41)}`, "/api/rooms/room%201", "/api/rooms/r2d2/personas"]) {
      const response = await request(path);
      expect(response.status, path).toBe(400);
      expect((await response.json<ErrorBody>()).error.details?.map((detail) => detail.path)).toEqual(["param.id"]);
    }
  });

  it("keeps a read in Redis under the namespace and serves it again with the database unreachable", async () => {
    for (const path of ["/api/personas/ayla", "/api/personas", "/api/rooms", "/api/personas/ayla/rooms", "/api/rooms/mirrorRoom/personas"]) {
      await getJson(path);
    }
    const redis = new Redis({ url: bindings.UPSTASH_REDIS_REST_URL, token: bindings.UPSTASH_REDIS_REST_TOKEN });
    const cached = await redis.get<PersonaBody>(`${bindings.CACHE_NAMESPACE as string}:persona:ayla`);
    expect(cached).toMatchObject({ id: "ayla", name: "Ayla", roomIds: ["anchorDeck", "clarityBar", "mirrorRoom", "moodBooth"] });

    const logs = captureLogs();
    const withoutDatabase = testClient({ ...bindings, DATABASE_HTTP_ENDPOINT: UNREACHABLE }, { logSink: logs.sink });
    for (const path of ["/api/personas/ayla", "/api/personas", "/api/rooms", "/api/personas/ayla/rooms", "/api/rooms/mirrorRoom/personas"]) {
      expect((await withoutDatabase(path)).status, path).toBe(200);
    }
    // The same client does fail where the cache cannot answer: the database really is out of reach.
    expect((await withoutDatabase("/api/rooms/anchorDeck")).status).toBe(503);
  });

  it("lets an admin edit a persona: visible on the next read, relations kept, audit-logged", async () => {
    await getJson("/api/personas/sage");
    await getJson("/api/personas");
    const response = await request("/api/admin/personas/sage", put({ tone: "steady, practical, calm", tags: ["grounding", "calm"] }, admin.accessToken));
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const updated = await response.json<PersonaBody>();
    expect(updated).toMatchObject({ id: "sage", tone: "steady, practical, calm", tags: ["grounding", "calm"], roomIds: ["anchorDeck", "clarityBar", "mirrorRoom", "moodBooth"] });
    expect(updated.systemPrompt).toContain("You are Sage");

    expect((await getJson<PersonaBody>("/api/personas/sage")).tone).toBe("steady, practical, calm");
    const { personas } = await getJson<{ personas: PersonaBody[] }>("/api/personas");
    expect(personas.find((persona) => persona.id === "sage")!.tags).toEqual(["grounding", "calm"]);

    const [entry] = await auditEntries("persona.update", "sage");
    expect(entry).toMatchObject({ actorId: admin.user.id, actor: admin.user.email, details: { fields: ["tone", "tags"] } });
  });

  it("lets an admin edit a room: visible on the next read, audit-logged", async () => {
    await getJson("/api/rooms/moodBooth");
    await getJson("/api/rooms");
    const purpose = "A short check-in on how you feel and what set it off.";
    const response = await request("/api/admin/rooms/moodBooth", put({ promptType: "open", purpose }, admin.accessToken));
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toMatchObject({ id: "moodBooth", promptType: "open", purpose });

    expect(await getJson<RoomBody>("/api/rooms/moodBooth")).toMatchObject({ promptType: "open", purpose });
    const { rooms } = await getJson<{ rooms: RoomBody[] }>("/api/rooms");
    expect(rooms.find((room) => room.id === "moodBooth")).toMatchObject({ promptType: "open", personaIds: ["ayla", "jax", "nova", "sage"] });

    const [entry] = await auditEntries("room.update", "moodBooth");
    expect(entry).toMatchObject({ actorId: admin.user.id, actor: admin.user.email, details: { fields: ["purpose", "promptType"] } });
  });

  it("refuses edits from users (403) and anonymous callers (401), and answers 404 for an unknown id without an audit row", async () => {
    expect((await request("/api/admin/personas/ayla", put({ tone: "x" }, user.accessToken))).status).toBe(403);
    expect((await request("/api/admin/rooms/mirrorRoom", put({ name: "x" }, user.accessToken))).status).toBe(403);
    const anonymous = await request("/api/admin/personas/ayla", put({ tone: "x" }));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("WWW-Authenticate")).toMatch(/^Bearer /);

    expect((await request("/api/admin/personas/nobody", put({ tone: "calm" }, admin.accessToken))).status).toBe(404);
    expect((await request("/api/admin/rooms/nowhere", put({ name: "Nowhere" }, admin.accessToken))).status).toBe(404);
    expect(await auditEntries("persona.update", "nobody")).toEqual([]);
    expect((await getJson<PersonaBody>("/api/personas/ayla")).tone).toBe(PERSONA_SEEDS[0]!.tone);
  });

  it("answers a bad edit with 400 and the path of every invalid field", async () => {
    const cases: [string, unknown, string[]][] = [
      ["/api/admin/personas/ayla", { name: "", tags: ["ok", "x".repeat(41)] }, ["json.name", "json.tags.1"]],
      ["/api/admin/personas/ayla", { systemPrompt: "x".repeat(8001) }, ["json.systemPrompt"]],
      ["/api/admin/personas/ayla", { nickname: "Ay" }, ["json", "json"]],
      ["/api/admin/personas/ayla", {}, ["json"]],
      ["/api/admin/rooms/mirrorRoom", { promptType: "chatty" }, ["json.promptType"]],
      ["/api/admin/rooms/mirror-room", { name: "Mirror" }, ["param.id"]],
    ];
    for (const [path, body, paths] of cases) {
      const response = await request(path, put(body, admin.accessToken));
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = (await response.json<ErrorBody>()).error;
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(error.details?.map((detail) => detail.path)).toEqual(paths);
    }
  });

  it("still answers from the database when the cache is down", async () => {
    const logs = captureLogs();
    const withoutCache = testClient({ ...bindings, UPSTASH_REDIS_REST_URL: UNREACHABLE }, { logSink: logs.sink });
    const response = await withoutCache("/api/personas");
    expect(response.status).toBe(200);
    expect((await response.json<{ personas: PersonaBody[] }>()).personas).toHaveLength(6);
    const room = await withoutCache("/api/rooms/mirrorRoom");
    expect(room.status).toBe(200);
    expect((await room.json<RoomBody>()).personaIds).toEqual(["ayla", "cam", "rumi", "sage"]);
    expect(logs.text()).toContain("cache read failed");
  });

  function auditEntries(action: string, target: string) {
    const db = createDatabase(configOf(bindings).database);
    return db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.target, target)));
  }
});
