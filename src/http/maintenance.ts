import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env";
import { AppError } from "./errors";

/**
 * What keeps working in maintenance mode: health, the OpenAPI document, the token routes
 * (so operators can sign in) and everything behind the admin role.
 */
const OPEN_DURING_MAINTENANCE = [/^\/api\/health$/, /^\/api\/openapi\.json$/, /^\/api\/auth\/(login|refresh)$/, /^\/api\/admin\//, /^\/api\/llm\//, /^\/api\/metrics$/, /^\/api\/system$/];

/** With MAINTENANCE_MODE=true, answers 503 with Retry-After on every route that is not open during maintenance. */
export function maintenanceMode(): MiddlewareHandler<AppEnv> {
  return async function maintenanceMode(c, next) {
    const maintenance = c.var.services?.config.maintenance;
    if (maintenance?.enabled && !OPEN_DURING_MAINTENANCE.some((pattern) => pattern.test(c.req.path))) {
      throw new AppError("MAINTENANCE", "Numira is down for maintenance; please try again later", {
        headers: { "Retry-After": String(maintenance.retryAfterSeconds) },
      });
    }
    await next();
  };
}
