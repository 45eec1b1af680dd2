import { eq, sql } from "drizzle-orm";
import { migrationLevel, type Database } from "../db";
import { backups } from "../db/schema";
import type { Logger } from "../logging";
import { exportTable } from "./export-table";
import { manifestKey, tableObjectKey, type Manifest } from "./manifest";
import { deleteObjects } from "./objects";
import { pruneBackups, type RetentionPolicy } from "./retention";
import { BACKUP_TABLES } from "./tables";

export interface BackupJob {
  id: string;
  trigger: Manifest["trigger"];
}

export interface BackupDependencies {
  db: Database;
  bucket: R2Bucket;
  logger: Logger;
  pageSize: number;
  retention: RetentionPolicy;
}

/**
 * Runs a backup whose `running` row exists: every table to R2, then the manifest — last, so
 * a backup without one is never taken for complete — then the row is completed and old
 * backups pruned. A failure deletes what was written and marks the row failed.
 */
export async function runBackup(job: BackupJob, deps: BackupDependencies): Promise<void> {
  const { db, bucket, logger } = deps;
  const [row] = await db.select({ startedAt: backups.startedAt }).from(backups).where(eq(backups.id, job.id));
  if (!row) throw new Error(`backup ${job.id} has no row`);
  try {
    const level = await migrationLevel(db);
    const tables: Manifest["tables"] = [];
    for (const table of BACKUP_TABLES) tables.push(await exportTable(db, bucket, tableObjectKey(job.id, table.name), table, deps.pageSize));
    const manifest: Manifest = {
      format: "numira-backup/1",
      id: job.id,
      trigger: job.trigger,
      startedAt: row.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      migrationLevel: level.applied ?? "none",
      tables,
    };
    await bucket.put(manifestKey(job.id), JSON.stringify(manifest, null, 2), { httpMetadata: { contentType: "application/json" } });
    const sizeBytes = tables.reduce((total, table) => total + table.bytes, 0);
    const rowCounts = Object.fromEntries(tables.map((table) => [table.name, table.rows]));
    await db
      .update(backups)
      .set({ status: "completed", finishedAt: new Date(manifest.finishedAt), migrationLevel: manifest.migrationLevel, sizeBytes, rowCounts })
      .where(eq(backups.id, job.id));
    logger.info("backup completed", { backupId: job.id, trigger: job.trigger, sizeBytes, rows: rowCounts, durationMs: Date.parse(manifest.finishedAt) - row.startedAt.getTime() });
  } catch (error) {
    await deleteObjects(bucket, job.id).catch(() => undefined);
    await db
      .update(backups)
      .set({ status: "failed", finishedAt: sql`now()`, error: error instanceof Error ? error.message.slice(0, 500) : String(error) })
      .where(eq(backups.id, job.id));
    logger.error("backup failed", { backupId: job.id, trigger: job.trigger, error });
    return;
  }
  const pruned = await pruneBackups(db, bucket, deps.retention, new Date());
  if (pruned.length) logger.info("old backups pruned", { backupIds: pruned });
}
