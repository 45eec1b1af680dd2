import { createRedis, type Redis } from "./cache";
import type { Config } from "./config";
import { createDatabase, type Database } from "./db";
import type { Logger } from "./logging";

/** Everything a request handler may depend on, built once per request from the parsed config. */
export interface Services {
  config: Config;
  logger: Logger;
  db: Database;
  redis: Redis;
  /** Runs work after the response is sent, without losing it. */
  defer(work: Promise<unknown>): void;
}

export function createServices(config: Config, logger: Logger, ctx: Pick<ExecutionContext, "waitUntil">): Services {
  return {
    config,
    logger,
    db: createDatabase(config.database),
    redis: createRedis(config),
    defer: (work) =>
      ctx.waitUntil(
        work.catch((error: unknown) => logger.error("deferred work failed", { error })),
      ),
  };
}
