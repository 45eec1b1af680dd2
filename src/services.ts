import { AuthService } from "./auth/service";
import { BackupService, stringSettings } from "./backup/service";
import { BreakerClient } from "./breaker";
import { Cache, createRedis, type Redis } from "./cache";
import { CatalogService } from "./catalog/service";
import { ChatService } from "./chat/service";
import type { Config } from "./config";
import { createDatabase, type Database } from "./db";
import { providerOrder } from "./llm";
import type { Logger } from "./logging";
import { RateLimiter } from "./ratelimit";

/** Everything a request handler may depend on, built once per request from the parsed config. */
export interface Services {
  config: Config;
  logger: Logger;
  db: Database;
  redis: Redis;
  cache: Cache;
  rateLimiter: RateLimiter;
  auth: AuthService;
  catalog: CatalogService;
  chat: ChatService;
  breakers: BreakerClient;
  backups: BackupService;
  /** Runs work after the response is sent, without losing it. */
  defer(work: Promise<unknown>): void;
}

export function createServices(config: Config, logger: Logger, env: Env, ctx: Pick<ExecutionContext, "waitUntil">): Services {
  const db = createDatabase(config.database);
  const redis = createRedis(config);
  const cache = new Cache(redis, { enabled: config.cache.enabled, namespace: config.cache.namespace }, logger);
  const catalog = new CatalogService(db, cache, { personaTtlSeconds: config.cache.personaTtlSeconds, roomTtlSeconds: config.cache.roomTtlSeconds });
  const defer = (work: Promise<unknown>) => ctx.waitUntil(work.catch((error: unknown) => logger.error("deferred work failed", { error })));
  const breakers = new BreakerClient({ namespace: env.CIRCUIT_BREAKER, scope: config.cache.namespace, config: config.breaker, logger, defer });
  return {
    config,
    logger,
    db,
    redis,
    cache,
    rateLimiter: new RateLimiter(redis, config.cache.namespace, logger),
    auth: new AuthService(db, config.auth),
    catalog,
    chat: new ChatService({ db, cache, catalog, config, logger, defer, providers: providerOrder(config.ai), gate: breakers }),
    breakers,
    backups: backupService(config, db, env),
    defer,
  };
}

export function backupService(config: Config, db: Database, env: Env): BackupService {
  return new BackupService({
    db,
    bucket: env.BACKUPS,
    runners: env.BACKUP_RUNNER,
    namespace: config.cache.namespace,
    settings: stringSettings(env),
    staleAfterSeconds: config.backup.staleAfterSeconds,
  });
}
