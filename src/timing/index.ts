import { AsyncLocalStorage } from "node:async_hooks";

/** Where a request's time goes besides our own code. */
export type TimedDependency = "db" | "cache" | "breaker" | "llm";

const DEPENDENCIES: readonly TimedDependency[] = ["db", "cache", "breaker", "llm"];

/** Milliseconds a request spent waiting on each dependency (summed over its calls). */
export class RequestTimings {
  readonly spent: Record<TimedDependency, number> = { db: 0, cache: 0, breaker: 0, llm: 0 };

  header(totalMs: number): string {
    const parts = DEPENDENCIES.map((dependency) => `${dependency};dur=${this.spent[dependency].toFixed(2)}`);
    return [...parts, `total;dur=${totalMs.toFixed(2)}`].join(", ");
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
  try {
    return await work;
  } finally {
    if (timings) timings.spent[dependency] += performance.now() - startedAt;
  }
}
