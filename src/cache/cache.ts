import type { Logger } from "../logging";
import type { Redis } from "./redis";

export type CacheLookup<T> = { hit: true; value: T } | { hit: false };

export interface CacheOptions {
  enabled: boolean;
  /** Every key is stored as `<namespace>:<key>`, so flushes never touch keys that are not ours. */
  namespace: string;
}

/**
 * JSON values in Redis under our namespace. The cache can die: every error or time-out is
 * a miss (or a skipped write) plus a log line, never a failed request.
 */
export class Cache {
  private pendingReads: { key: string; resolve: (lookup: CacheLookup<unknown>) => void }[] | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly options: CacheOptions,
    private readonly logger: Logger,
  ) {}

  get enabled(): boolean {
    return this.options.enabled;
  }

  storageKey(key: string): string {
    return `${this.options.namespace}:${key}`;
  }

  /** Reads asked for in the same turn (say a persona and a room) go to Redis as one MGET. */
  get<T>(key: string): Promise<CacheLookup<T>> {
    if (!this.options.enabled) return Promise.resolve({ hit: false });
    return new Promise((resolve) => {
      if (!this.pendingReads) {
        this.pendingReads = [];
        void Promise.resolve().then(() => this.readPending());
      }
      this.pendingReads.push({ key, resolve: resolve as (lookup: CacheLookup<unknown>) => void });
    });
  }

  private async readPending(): Promise<void> {
    const reads = this.pendingReads ?? [];
    this.pendingReads = undefined;
    try {
      const values = await this.redis.mget<unknown[]>(...reads.map((read) => this.storageKey(read.key)));
      reads.forEach((read, index) => {
        const value = values[index] ?? null;
        read.resolve(value === null ? { hit: false } : { hit: true, value });
      });
    } catch (error) {
      this.logger.warn("cache read failed; treated as a miss", { keys: reads.map((read) => read.key), error });
      for (const read of reads) read.resolve({ hit: false });
    }
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    if (!this.options.enabled) return;
    try {
      await this.redis.set(this.storageKey(key), value, { ex: ttlSeconds });
    } catch (error) {
      this.logger.warn("cache write failed; skipped", { key, error });
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.redis.del(this.storageKey(key));
    } catch (error) {
      this.logger.warn("cache delete failed", { key, error });
    }
  }

  /** Reads through the cache: on a miss, loads, stores (when found) and returns. */
  async remember<T>(key: string, ttlSeconds: number, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const cached = await this.get<T>(key);
    if (cached.hit) return cached.value;
    const value = await load();
    if (value !== undefined) await this.set(key, value, ttlSeconds);
    return value;
  }
}
