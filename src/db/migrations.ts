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

/** What `npm run db:migrate` has applied (drizzle.__drizzle_migrations), compared with what this build expects. */
export async function migrationLevel(db: Database): Promise<MigrationLevel> {
  const result = await db.execute<{ created_at: string }>(sql`select created_at::text from drizzle.__drizzle_migrations`);
  const appliedAt = new Set(result.rows.map((row) => Number(row.created_at)));
  const applied = SHIPPED.filter((entry) => appliedAt.has(entry.when)).at(-1)?.tag ?? null;
  const expected = SHIPPED.at(-1)!.tag;
  return { applied, appliedCount: appliedAt.size, expected, upToDate: applied === expected && appliedAt.size === SHIPPED.length };
}
