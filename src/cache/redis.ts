import { Redis } from "@upstash/redis/cloudflare";
import { oncePerConfig, type Config } from "../config";
import { timedMethods } from "../timing";

/**
 * The Upstash REST client, built once per configuration and shared by the isolate's
 * requests. Every call is bounded by CACHE_TIMEOUT and never retried: a slow cache must
 * cost a request milliseconds, not seconds. Auto-pipelining is off because each of its
 * batches builds a full pipeline object, which cost more CPU than the round trips it saved;
 * the calls that belong together are pipelined explicitly. Calls count towards the
 * request's Server-Timing `cache` figure.
 */
export const createRedis = oncePerConfig((config: Pick<Config, "redis" | "cache">): Redis => {
  const timeoutMs = config.cache.timeoutMs;
  return timedMethods(
    "cache",
    new Redis({
      url: config.redis.url,
      token: config.redis.token,
      retry: false,
      enableTelemetry: false,
      enableAutoPipelining: false,
      signal: () => AbortSignal.timeout(timeoutMs),
    }),
  );
});

export type { Redis };
