import { AppError } from "../http/errors";
import type { Redis } from "./redis";

const SCAN_BATCH = 500;

/** Glob-escapes a key prefix for SCAN MATCH, so `*`, `?` and `[` in it are literal. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}

export interface CacheStats {
  namespace: string;
  keys: number;
  byPrefix: Record<string, number>;
  latencyMs: number;
}

/**
 * Operator actions on our keys only: everything goes through SCAN under `<namespace>:`,
 * never KEYS and never FLUSHDB, so keys of anyone sharing the Redis are untouched.
 * Unlike the request-path cache, failures here are reported: an operator must know.
 */
export class CacheAdmin {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  async deleteKey(key: string): Promise<number> {
    return this.guard(() => this.redis.del(`${this.namespace}:${key}`));
  }

  /** Deletes every key of ours that starts with `prefix` ("" = all of ours); returns how many. */
  async deleteByPrefix(prefix: string): Promise<number> {
    return this.guard(async () => {
      let deleted = 0;
      for await (const keys of this.scan(prefix)) if (keys.length) deleted += await this.redis.del(...keys);
      return deleted;
    });
  }

  async stats(): Promise<CacheStats> {
    return this.guard(async () => {
      const startedAt = performance.now();
      const byPrefix: Record<string, number> = {};
      let keys = 0;
      for await (const batch of this.scan("")) {
        for (const key of batch) {
          const kind = key.slice(this.namespace.length + 1).split(":")[0] ?? "";
          byPrefix[kind] = (byPrefix[kind] ?? 0) + 1;
          keys += 1;
        }
      }
      return { namespace: this.namespace, keys, byPrefix, latencyMs: Math.round(performance.now() - startedAt) };
    });
  }

  private async *scan(prefix: string): AsyncGenerator<string[]> {
    const match = `${escapeGlob(`${this.namespace}:${prefix}`)}*`;
    let cursor: string | number = 0;
    do {
      const [next, keys]: [string | number, string[]] = await this.redis.scan(cursor, { match, count: SCAN_BATCH });
      yield keys;
      cursor = next;
    } while (String(cursor) !== "0");
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new AppError("SERVICE_UNAVAILABLE", "The cache cannot be reached right now", { cause: error });
    }
  }
}
