import { eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { z } from "zod";
import { auditStatement } from "../audit";
import type { Cache } from "../cache";
import type { Database } from "../db";
import { personaRooms, personas, rooms, type Persona, type Room } from "../db/schema";
import { validationError } from "../http/error-handler";
import { AppError } from "../http/errors";
import type { PersonaSeed } from "./seed-data";
import { PersonaPatchSchema, RoomPatchSchema, type PersonaPatch, type RoomPatch } from "./schemas";

/** A persona as the API shows it: the same record the seed data defines. */
export type PersonaView = PersonaSeed;

export interface RoomView {
  id: string;
  name: string;
  promptType: Room["promptType"];
  purpose: string;
  description: string;
  personaIds: string[];
}

export interface CatalogTtl {
  personaTtlSeconds: number;
  roomTtlSeconds: number;
}

/** Who made a change, for the audit log. */
export interface CatalogActor {
  id: string;
  email: string;
}

type CatalogKind = "persona" | "room";
type Link = typeof personaRooms.$inferSelect;

const itemKey = (kind: CatalogKind, id: string) => `${kind}:${id}`;
const listKey = (kind: CatalogKind) => `${kind}:all`;

export function catalogNotFound(kind: CatalogKind, id: string): AppError {
  return new AppError("NOT_FOUND", `No ${kind} "${id}"; GET /api/${kind}s lists them`);
}

/** The value of a lookup, or a 404 naming what was missing. */
export async function orNotFound<T>(kind: CatalogKind, id: string, lookup: Promise<T | undefined>): Promise<T> {
  const value = await lookup;
  if (value === undefined) throw catalogNotFound(kind, id);
  return value;
}

/**
 * Personas, rooms and which persona may enter which room, read through the cache: once
 * warm, every read is served from Redis with no database trip. Relation lookups are built
 * from the cached lists, so an update only has to drop the item's key and its list's key.
 */
export class CatalogService {
  constructor(
    private readonly db: Database,
    private readonly cache: Cache,
    private readonly ttl: CatalogTtl,
  ) {}

  async listPersonas(): Promise<PersonaView[]> {
    return (await this.cache.remember(listKey("persona"), this.ttl.personaTtlSeconds, () => this.loadPersonas())) ?? [];
  }

  getPersona(id: string): Promise<PersonaView | undefined> {
    return this.cache.remember(itemKey("persona", id), this.ttl.personaTtlSeconds, async () => (await this.loadPersonas(id))[0]);
  }

  async listRooms(): Promise<RoomView[]> {
    return (await this.cache.remember(listKey("room"), this.ttl.roomTtlSeconds, () => this.loadRooms())) ?? [];
  }

  getRoom(id: string): Promise<RoomView | undefined> {
    return this.cache.remember(itemKey("room", id), this.ttl.roomTtlSeconds, async () => (await this.loadRooms(id))[0]);
  }

  async roomsForPersona(personaId: string): Promise<RoomView[] | undefined> {
    const persona = await this.getPersona(personaId);
    if (!persona) return undefined;
    return (await this.listRooms()).filter((room) => persona.roomIds.includes(room.id));
  }

  async personasForRoom(roomId: string): Promise<PersonaView[] | undefined> {
    const room = await this.getRoom(roomId);
    if (!room) return undefined;
    return (await this.listPersonas()).filter((persona) => room.personaIds.includes(persona.id));
  }

  async updatePersona(id: string, patch: PersonaPatch, actor: CatalogActor): Promise<PersonaView> {
    const changes = parsePatch(PersonaPatchSchema, patch);
    await orNotFound("persona", id, this.getPersona(id));
    const update = this.db.update(personas).set({ ...changes, updatedAt: sql`now()` }).where(eq(personas.id, id));
    await this.commitUpdate("persona", id, update, Object.keys(changes), actor);
    return orNotFound("persona", id, this.getPersona(id));
  }

  async updateRoom(id: string, patch: RoomPatch, actor: CatalogActor): Promise<RoomView> {
    const changes = parsePatch(RoomPatchSchema, patch);
    await orNotFound("room", id, this.getRoom(id));
    const update = this.db.update(rooms).set({ ...changes, updatedAt: sql`now()` }).where(eq(rooms.id, id));
    await this.commitUpdate("room", id, update, Object.keys(changes), actor);
    return orNotFound("room", id, this.getRoom(id));
  }

  /** Writes the change and its audit row in one batch (one transaction), then drops the stale cache entries. */
  private async commitUpdate(kind: CatalogKind, id: string, update: BatchItem<"pg">, fields: string[], actor: CatalogActor): Promise<void> {
    await this.db.batch([
      update,
      auditStatement(this.db, { actorId: actor.id, actor: actor.email, action: `${kind}.update`, target: id, details: { fields } }),
    ]);
    await Promise.all([this.cache.delete(itemKey(kind, id)), this.cache.delete(listKey(kind))]);
  }

  /** Every persona, or only the one with `id`, with its rooms; one round trip. */
  private async loadPersonas(id?: string): Promise<PersonaView[]> {
    const [rows, links] = await this.db.batch([
      this.db.select().from(personas).where(id === undefined ? undefined : eq(personas.id, id)).orderBy(personas.name),
      this.db.select().from(personaRooms).where(id === undefined ? undefined : eq(personaRooms.personaId, id)),
    ]);
    const roomIds = linkedIds(links, "personaId", "roomId");
    return rows.map((row) => toPersonaView(row, roomIds.get(row.id) ?? []));
  }

  /** Every room, or only the one with `id`, with its personas; one round trip. */
  private async loadRooms(id?: string): Promise<RoomView[]> {
    const [rows, links] = await this.db.batch([
      this.db.select().from(rooms).where(id === undefined ? undefined : eq(rooms.id, id)).orderBy(rooms.name),
      this.db.select().from(personaRooms).where(id === undefined ? undefined : eq(personaRooms.roomId, id)),
    ]);
    const personaIds = linkedIds(links, "roomId", "personaId");
    return rows.map((row) => toRoomView(row, personaIds.get(row.id) ?? []));
  }
}

function parsePatch<S extends z.ZodType>(schema: S, patch: unknown): z.output<S> {
  const result = schema.safeParse(patch);
  if (!result.success) throw validationError(result.error, "patch");
  return result.data;
}

/** The ids on the `to` side of each link, grouped by the `from` side and sorted. */
function linkedIds(links: Link[], from: keyof Link, to: keyof Link): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const link of links) grouped.set(link[from], [...(grouped.get(link[from]) ?? []), link[to]]);
  for (const ids of grouped.values()) ids.sort();
  return grouped;
}

function toPersonaView(row: Persona, roomIds: string[]): PersonaView {
  const { id, name, tone, description, systemPrompt, tags } = row;
  return { id, name, tone, description, systemPrompt, tags, roomIds };
}

function toRoomView(row: Room, personaIds: string[]): RoomView {
  const { id, name, promptType, purpose, description } = row;
  return { id, name, promptType, purpose, description, personaIds };
}
