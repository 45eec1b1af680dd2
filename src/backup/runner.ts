import { DurableObject } from "cloudflare:workers";
import { parseConfig } from "../config";
import { createDatabase } from "../db";
import { createSecretRedactor, Logger } from "../logging";
import { runBackup, type BackupJob } from "./run";

interface PendingJob {
  job: BackupJob;
  /** The string settings the run was requested with, so it uses the requester's configuration. */
  settings: Record<string, string>;
}

const PENDING = "pending";

/**
 * Runs backups in an alarm: a Durable Object alarm may run for up to 15 minutes, where a
 * request's waitUntil stops 30 seconds after the response. The job stays in storage until
 * it is done, so an alarm interrupted by a restart is retried and the run redone.
 */
export class BackupRunner extends DurableObject<Env> {
  async start(job: BackupJob, settings: Record<string, string>): Promise<void> {
    await this.ctx.storage.put<PendingJob>(PENDING, { job, settings });
    await this.ctx.storage.setAlarm(Date.now());
  }

  override async alarm(): Promise<void> {
    const pending = await this.ctx.storage.get<PendingJob>(PENDING);
    if (!pending) return;
    const result = parseConfig(pending.settings);
    if (result.ok) {
      const { config } = result;
      const logger = new Logger({ level: config.log.level, format: config.log.format }, createSecretRedactor(config.secretValues));
      await runBackup(pending.job, { db: createDatabase(config.database), bucket: this.env.BACKUPS, logger, pageSize: config.backup.pageSize, retention: config.backup.keep });
    }
    await this.ctx.storage.delete(PENDING);
  }
}
