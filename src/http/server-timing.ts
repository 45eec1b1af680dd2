import type { MiddlewareHandler } from "hono";
import { RequestTimings, withRequestTimings } from "../timing";
import type { AppEnv } from "./app-env";

/**
 * `Server-Timing: db;dur=…, cache;dur=…, breaker;dur=…, llm;dur=…, self;dur=…, total;dur=…`
 * on every response, so the API's own share of a request (`self`: the time nothing was
 * awaited) is visible. For a streamed chat the figures stop when the headers go out.
 */
export function serverTiming(): MiddlewareHandler<AppEnv> {
  return async function serverTiming(c, next) {
    const startedAt = performance.now();
    const timings = new RequestTimings();
    await withRequestTimings(timings, next);
    c.res.headers.set("Server-Timing", timings.header(performance.now() - startedAt));
  };
}
