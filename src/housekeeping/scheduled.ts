import { loadConfig } from "../config";
import { createDatabase } from "../db";
import { Logger, createSecretRedactor } from "../logging";
import { llmCalls, requestMetrics } from "../db/schema";
import { backupService } from "../services";
import { pruneOlderThan } from "./prune";

/**
 * The Cron Trigger's entry point. The daily run starts a backup (the BackupRunner does the
 * work and prunes old backups after it succeeds), then prunes usage rows past their
 * retention. An invalid configuration is logged and the run skipped, never retried in a loop.
 */
export async function handleScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const result = loadConfig(env);
  if (!result.ok) {
    new Logger({ level: "error", format: "json" }).error("scheduled run skipped: configuration is invalid", { cron: controller.cron, issues: result.issues.map((issue) => issue.message) });
    return;
  }
  const { config } = result;
  const logger = new Logger({ level: config.log.level, format: config.log.format }, createSecretRedactor(config.secretValues));
  const startedAt = Date.now();
  const db = createDatabase(config.database);
  const backup = await backupService(config, db, env).start("cron");
  if (backup.started) logger.info("scheduled backup started", { cron: controller.cron, backupId: backup.id });
  else logger.warn("scheduled backup skipped: another backup is running", { cron: controller.cron, runningId: backup.runningId });
  const prunedLlmCalls = await pruneOlderThan(db, llmCalls, config.retention.llmCallsDays);
  const prunedRequestMetrics = await pruneOlderThan(db, requestMetrics, config.retention.metricsDays);
  logger.info("scheduled housekeeping done", { cron: controller.cron, prunedLlmCalls, prunedRequestMetrics, durationMs: Date.now() - startedAt });
}
