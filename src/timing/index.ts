import { AsyncLocalStorage } from "node:async_hooks";

/** Where a request's time goes besides our own code. */
export type TimedDependency = "db" | "cache" | "breaker" | "llm";

const DEPENDENCIES: readonly TimedDependency[] = ["db", "cache", "breaker", "llm"];

/** Wall time during which at least one call is in flight; overlapping calls count once. */
class BusyClock {
  private inFlight = 0;
  private busySince = 0;
  private busyMs = 0;

  start(now: number): void {
    if (this.inFlight === 0) this.busySince = now;
    this.inFlight += 1;
  }

  end(now: number): void {
    this.inFlight -= 1;
    if (this.inFlight === 0) this.busyMs += now - this.busySince;
  }

  elapsed(now: number): number {
    return this.busyMs + (this.inFlight > 0 ? now - this.busySince : 0);
  }
}

/**
 * Milliseconds a request waited on each dependency, and on any of them. Calls the request
 * makes at once overlap, so each figure is wall time with a call in flight, not a sum;
 * `self` (total minus the time anything was awaited) is the gateway's own share.
 */
export class RequestTimings {
  private readonly clocks: Record<TimedDependency, BusyClock> = { db: new BusyClock(), cache: new BusyClock(), breaker: new BusyClock(), llm: new BusyClock() };
  private readonly anyDependency = new BusyClock();

  start(dependency: TimedDependency, now: number): void {
    this.clocks[dependency].start(now);
    this.anyDependency.start(now);
  }

  end(dependency: TimedDependency, now: number): void {
    this.clocks[dependency].end(now);
    this.anyDependency.end(now);
  }

  header(totalMs: number, now = performance.now()): string {
    const parts = DEPENDENCIES.map((dependency) => `${dependency};dur=${this.clocks[dependency].elapsed(now).toFixed(2)}`);
    const selfMs = Math.max(0, totalMs - this.anyDependency.elapsed(now));
    return [...parts, `self;dur=${selfMs.toFixed(2)}`, `total;dur=${totalMs.toFixed(2)}`].join(", ");
  }
}

/**
 * The current request's timings follow its async work (AsyncLocalStorage), so clients built
 * once per isolate — the SDKs, the Neon driver — can report into whichever request is calling.
 */
const currentRequest = new AsyncLocalStorage<RequestTimings>();

/** Runs a request's handling with its timings as the current ones. */
export function withRequestTimings<T>(timings: RequestTimings, work: () => T): T {
  return currentRequest.run(timings, work);
}

/** Awaits work, adding its duration to the current request's figure for `dependency`. */
export function timed<T>(dependency: TimedDependency, work: () => Promise<T>): Promise<T> {
  return timedSince(dependency, performance.now(), work());
}

/** A fetch that counts the time to response headers towards `dependency`. */
export function timedFetch(dependency: TimedDependency): typeof fetch {
  return (input, init) => timed(dependency, () => fetch(input, init));
}

/**
 * The client with every method that returns a promise timed towards `dependency`; command
 * pipelines (objects with `exec`) are wrapped too, so `multi()...exec()` counts.
 */
export function timedMethods<T extends object>(dependency: TimedDependency, client: T): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const startedAt = performance.now();
        const result: unknown = value.apply(target, args);
        if (result instanceof Promise) return timedSince(dependency, startedAt, result);
        if (result !== null && typeof result === "object" && typeof (result as { exec?: unknown }).exec === "function") return timedMethods(dependency, result);
        return result;
      };
    },
  });
}

async function timedSince<T>(dependency: TimedDependency, startedAt: number, work: Promise<T>): Promise<T> {
  const timings = currentRequest.getStore();
  timings?.start(dependency, startedAt);
  try {
    return await work;
  } finally {
    timings?.end(dependency, performance.now());
  }
}
