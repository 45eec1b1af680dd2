import { and, inArray, lt, ne } from "drizzle-orm";
import type { Database } from "../db";
import { backups } from "../db/schema";
import { deleteObjects } from "./objects";

export interface RetentionPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

export interface DatedBackup {
  id: string;
  startedAt: Date;
}

const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const monthOf = (date: Date) => date.toISOString().slice(0, 7);

/** The Monday (UTC) of the ISO week a date falls in. */
function weekOf(date: Date): string {
  const monday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return dayOf(monday);
}

/** The newest backup of each of the `count` most recent periods that have one. */
function newestPerPeriod(newestFirst: DatedBackup[], periodOf: (date: Date) => string, count: number): string[] {
  const kept = new Map<string, string>();
  for (const backup of newestFirst) {
    const period = periodOf(backup.startedAt);
    if (kept.has(period)) continue;
    if (kept.size === count) break;
    kept.set(period, backup.id);
  }
  return [...kept.values()];
}

/** A backup this young is always kept, so a manual one taken before a risky change outlives that night's cron. */
const ALWAYS_KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * Grandfather-father-son: the newest completed backup of each of the last `daily` days,
 * `weekly` ISO weeks and `monthly` months (UTC) that have one, and every backup of the last
 * 24 hours. Everything else may go.
 */
export function backupsToKeep(completed: DatedBackup[], policy: RetentionPolicy, now: Date): Set<string> {
  const newestFirst = [...completed].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  return new Set([
    ...newestFirst.filter((backup) => now.getTime() - backup.startedAt.getTime() < ALWAYS_KEEP_MS).map((backup) => backup.id),
    ...newestPerPeriod(newestFirst, dayOf, policy.daily),
    ...newestPerPeriod(newestFirst, weekOf, policy.weekly),
    ...newestPerPeriod(newestFirst, monthOf, policy.monthly),
  ]);
}

/**
 * Deletes the objects and rows of completed backups the policy does not keep, and of failed
 * runs older than the newest completed one. Called only after a successful backup.
 */
export async function pruneBackups(db: Database, bucket: R2Bucket, policy: RetentionPolicy, now: Date): Promise<string[]> {
  const rows = await db.select({ id: backups.id, startedAt: backups.startedAt, status: backups.status }).from(backups).where(and(ne(backups.status, "running"), lt(backups.startedAt, now)));
  const completed = rows.filter((row) => row.status === "completed");
  const keep = backupsToKeep(completed, policy, now);
  const newestCompleted = Math.max(...completed.map((row) => row.startedAt.getTime()));
  const doomed = rows.filter((row) => (row.status === "completed" ? !keep.has(row.id) : row.startedAt.getTime() < newestCompleted)).map((row) => row.id);
  for (const id of doomed) await deleteObjects(bucket, id);
  if (doomed.length) await db.delete(backups).where(inArray(backups.id, doomed));
  return doomed;
}
