import { sql } from "drizzle-orm";
import type { Database } from "../db";
import { llmCalls, requestMetrics } from "../db/schema";

type PrunableTable = typeof llmCalls | typeof requestMetrics;

/** Deletes a usage table's rows older than the retention (by its created_at index); returns how many. */
export async function pruneOlderThan(db: Database, table: PrunableTable, retentionDays: number): Promise<number> {
  const result = await db.execute<{ deleted: number }>(sql`
    with gone as (delete from ${table} where ${table.createdAt} < now() - make_interval(days => ${retentionDays}) returning 1)
    select count(*)::int as deleted from gone`);
  return result.rows[0]?.deleted ?? 0;
}
