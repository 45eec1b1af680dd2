import { sql } from "drizzle-orm";
import type { Database } from "../db";
import { llmCalls } from "../db/schema";

/** Deletes llm_calls rows older than the retention (by the created_at index); returns how many. */
export async function pruneLlmCalls(db: Database, retentionDays: number): Promise<number> {
  const result = await db.execute<{ deleted: number }>(sql`
    with gone as (delete from ${llmCalls} where ${llmCalls.createdAt} < now() - make_interval(days => ${retentionDays}) returning 1)
    select count(*)::int as deleted from gone`);
  return result.rows[0]?.deleted ?? 0;
}
