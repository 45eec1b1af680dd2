import { ERR, fail } from "./values";

export type Value =
  | { type: "string"; data: string }
  | { type: "hash"; data: Map<string, string> }
  | { type: "zset"; data: Map<string, number> };

interface DataByType {
  string: string;
  hash: Map<string, string>;
  zset: Map<string, number>;
}
export type ValueType = keyof DataByType;
type DataOf<T extends ValueType> = DataByType[T];

interface Entry {
  value: Value;
  /** Absolute expiry in milliseconds since the epoch, or null for no TTL. */
  expiresAt: number | null;
  /** Creation order; SCAN cursors are positions in it. */
  seq: number;
}

/**
 * The keys of one logical database. Expiry is lazy: a key whose deadline has passed is removed
 * the first time anything looks at it (Redis also expires actively; nothing here can tell).
 * The clock is injectable so tests can move time.
 */
export class Keyspace {
  private readonly entries = new Map<string, Entry>();
  private nextSeq = 1;

  constructor(readonly now: () => number) {}

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    // Redis keyIsExpired: a key lives through its deadline's millisecond and dies after it.
    if (entry && entry.expiresAt !== null && this.now() > entry.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  exists(key: string): boolean {
    return this.live(key) !== undefined;
  }

  type(key: string): ValueType | undefined {
    return this.live(key)?.value.type;
  }

  /** The value at key if it has the given type; undefined if absent; WRONGTYPE otherwise. */
  read<T extends ValueType>(key: string, type: T): DataOf<T> | undefined {
    const entry = this.live(key);
    if (!entry) return undefined;
    if (entry.value.type !== type) fail(ERR.wrongType);
    return entry.value.data as DataOf<T>;
  }

  /** Like read, but creates an empty hash or sorted set when the key is absent. */
  readOrCreate<T extends "hash" | "zset">(key: string, type: T): DataOf<T> {
    const existing = this.read(key, type);
    if (existing) return existing;
    const data = new Map() as DataOf<T>;
    this.write(key, { type, data } as Value, { keepTtl: false });
    return data;
  }

  /** Stores a value. Overwriting keeps the key's SCAN position; the TTL is cleared unless keepTtl. */
  write(key: string, value: Value, options: { keepTtl: boolean; expiresAt?: number | null }): void {
    const entry = this.live(key);
    if (entry) {
      entry.value = value;
      if (!options.keepTtl) entry.expiresAt = options.expiresAt ?? null;
    } else {
      this.entries.set(key, { value, expiresAt: options.expiresAt ?? null, seq: this.nextSeq++ });
    }
  }

  delete(key: string): boolean {
    return this.live(key) !== undefined && this.entries.delete(key);
  }

  /** Drops a hash or sorted set that has become empty, as Redis does. */
  deleteIfEmpty(key: string, data: Map<string, unknown>): void {
    if (data.size === 0) this.entries.delete(key);
  }

  /** The absolute expiry, null for no TTL, undefined when the key does not exist. */
  expiry(key: string): number | null | undefined {
    return this.live(key)?.expiresAt;
  }

  setExpiry(key: string, expiresAt: number | null): boolean {
    const entry = this.live(key);
    if (!entry) return false;
    entry.expiresAt = expiresAt;
    return true;
  }

  size(): number {
    for (const key of [...this.entries.keys()]) this.live(key);
    return this.entries.size;
  }

  flush(): void {
    this.entries.clear();
  }

  /** All live keys, in creation order. */
  keys(): string[] {
    return [...this.entries.keys()].filter((key) => this.live(key) !== undefined);
  }

  /**
   * One SCAN step: visits up to `count` live keys created at or after `cursor` (a creation
   * sequence number; 0 starts over) and returns the cursor to continue from, 0 when done.
   * A key that exists for the whole iteration is returned exactly once.
   */
  scan(cursor: number, count: number): { next: number; keys: { key: string; type: ValueType }[] } {
    const keys: { key: string; type: ValueType }[] = [];
    for (const [key, entry] of this.entries) {
      if (entry.seq < cursor || !this.live(key)) continue;
      if (keys.length === count) return { next: entry.seq, keys };
      keys.push({ key, type: entry.value.type });
    }
    return { next: 0, keys };
  }
}
