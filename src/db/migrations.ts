import { sql } from "drizzle-orm";
import journal from "../../migrations/meta/_journal.json";
import type { Database } from "./client";

export interface MigrationLevel {
  /** The tag of the newest migration applied to the database, e.g. `0003_backups`. */
  applied: string | null;
  appliedCount: number;
  /** The newest migration this build ships. */
  expected: string;
  upToDate: boolean;
}

const SHIPPED = journal.entries;

/** drizzle records each applied migration by its journal timestamp (`created_at`); this names the level they reach. */
export function levelOf(appliedTimestamps: number[]): MigrationLevel {
  const appliedAt = new Set(appliedTimestamps);
  const applied = SHIPPED.filter((entry) => appliedAt.has(entry.when)).at(-1)?.tag ?? null;
  const expected = SHIPPED.at(-1)!.tag;
  return { applied, appliedCount: appliedAt.size, expected, upToDate: applied === expected && appliedAt.size === SHIPPED.length };
}

export const APPLIED_MIGRATIONS_QUERY = "select created_at::text as created_at from drizzle.__drizzle_migrations";

/** What `npm run db:migrate` has applied (drizzle.__drizzle_migrations), compared with what this build expects. */
export async function migrationLevel(db: Database): Promise<MigrationLevel> {
  const result = await db.execute<{ created_at: string }>(sql.raw(APPLIED_MIGRATIONS_QUERY));
  return levelOf(result.rows.map((row) => Number(row.created_at)));
}
