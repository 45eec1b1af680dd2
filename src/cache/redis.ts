import { Redis } from "@upstash/redis/cloudflare";
import type { Config } from "../config";

/**
 * The Upstash REST client. Every call is bounded by CACHE_TIMEOUT and never retried:
 * a slow cache must cost a request milliseconds, not seconds.
 */
export function createRedis(config: Pick<Config, "redis" | "cache">): Redis {
  const timeoutMs = config.cache.timeoutMs;
  return new Redis({
    url: config.redis.url,
    token: config.redis.token,
    retry: false,
    enableTelemetry: false,
    signal: () => AbortSignal.timeout(timeoutMs),
  });
}

export type { Redis };
