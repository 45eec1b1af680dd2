import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env";

/** One `http` line per request: method, path, status and duration. */
export function requestLog(): MiddlewareHandler<AppEnv> {
  return async function requestLog(c, next) {
    const startedAt = performance.now();
    await next();
    c.var.logger?.http(`${c.req.method} ${c.req.path} ${c.res.status}`, {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round(performance.now() - startedAt),
    });
  };
}
