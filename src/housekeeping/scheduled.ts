import { loadConfig } from "../config";
import { createDatabase } from "../db";
import { Logger, createSecretRedactor } from "../logging";
import { pruneLlmCalls } from "./prune";

/**
 * The Cron Trigger's entry point. The daily run prunes usage rows past their retention;
 * an invalid configuration is logged and the run skipped, never retried in a loop.
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
  const prunedLlmCalls = await pruneLlmCalls(createDatabase(config.database), config.retention.llmCallsDays);
  logger.info("scheduled housekeeping done", { cron: controller.cron, prunedLlmCalls, durationMs: Date.now() - startedAt });
}
