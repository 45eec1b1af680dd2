import { AuthService } from "./auth/service";
import { createRedis, type Redis } from "./cache";
import type { Config } from "./config";
import { createDatabase, type Database } from "./db";
import type { Logger } from "./logging";
import { RateLimiter } from "./ratelimit";

/** Everything a request handler may depend on, built once per request from the parsed config. */
export interface Services {
  config: Config;
  logger: Logger;
  db: Database;
  redis: Redis;
  rateLimiter: RateLimiter;
  auth: AuthService;
  /** Runs work after the response is sent, without losing it. */
  defer(work: Promise<unknown>): void;
}

export function createServices(config: Config, logger: Logger, ctx: Pick<ExecutionContext, "waitUntil">): Services {
  const db = createDatabase(config.database);
  const redis = createRedis(config);
  return {
    config,
    logger,
    db,
    redis,
    rateLimiter: new RateLimiter(redis, config.cache.namespace, logger),
    auth: new AuthService(db, config.auth),
    defer: (work) =>
      ctx.waitUntil(
        work.catch((error: unknown) => logger.error("deferred work failed", { error })),
      ),
  };
}
