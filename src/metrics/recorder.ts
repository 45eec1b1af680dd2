import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { requestMetrics } from "../db/schema";
import type { AppEnv } from "../http/app-env";

export const UNMATCHED_ROUTE = "unmatched";

/**
 * Records one request_metrics row per request after the response is sent. Rows go to the
 * shared database, never to isolate memory, so every isolate's requests are counted once.
 */
export function recordRequestMetrics(): MiddlewareHandler<AppEnv> {
  return async function recordRequestMetrics(c, next) {
    const startedAt = performance.now();
    await next();
    const services = c.var.services;
    if (!services) return;
    const row = {
      method: c.req.method,
      route: routeTemplate(c),
      status: c.res.status,
      durationMs: Math.round((performance.now() - startedAt) * 100) / 100,
      userId: c.var.auth?.userId ?? null,
      cache: c.res.headers.get("X-Cache"),
    };
    services.defer(
      services.db
        .insert(requestMetrics)
        .values(row)
        .then(
          () => undefined,
          (error: unknown) => services.logger.warn("request metrics not recorded", { error, route: row.route }),
        ),
    );
  };
}

/** The OpenAPI-style template of the route that answered (`/api/conversations/{id}`). */
function routeTemplate(c: Context<AppEnv>): string {
  const route = matchedRoutes(c).findLast((candidate) => candidate.method !== "ALL");
  return route ? route.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}") : UNMATCHED_ROUTE;
}
