import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { personaRooms, personas, rooms } from "../db/schema";
import { PERSONA_SEEDS, ROOM_SEEDS } from "./seed-data";

/** Any drizzle Postgres database that supports interactive transactions (neon-serverless, node-postgres, PGlite…). */
export type SeedableDatabase = PgDatabase<PgQueryResultHKT, any, any>;

export interface SeedCounts {
  /** Personas in the seed data (existing rows are left as they are). */
  personas: number;
  rooms: number;
  /** Persona↔room links in the seed data. */
  links: number;
}

/**
 * Inserts the built-in catalog in one transaction. Only missing rows are added: a persona,
 * room or link that already exists is left untouched, so edits an admin made through the
 * API survive a re-seed, and running it again changes nothing.
 */
export async function seedCatalog(db: SeedableDatabase): Promise<SeedCounts> {
  const links = PERSONA_SEEDS.flatMap((persona) => persona.roomIds.map((roomId) => ({ personaId: persona.id, roomId })));

  await db.transaction(async (tx) => {
    await tx
      .insert(rooms)
      .values(ROOM_SEEDS.map(({ id, name, promptType, purpose, description }) => ({ id, name, promptType, purpose, description })))
      .onConflictDoNothing({ target: rooms.id });
    await tx
      .insert(personas)
      .values(PERSONA_SEEDS.map(({ id, name, tone, description, systemPrompt, tags }) => ({ id, name, tone, description, systemPrompt, tags })))
      .onConflictDoNothing({ target: personas.id });
    await tx.insert(personaRooms).values(links).onConflictDoNothing({ target: [personaRooms.personaId, personaRooms.roomId] });
  });

  return { personas: PERSONA_SEEDS.length, rooms: ROOM_SEEDS.length, links: links.length };
}
