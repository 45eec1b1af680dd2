import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../http/app-env";
import { registerCacheAdminRoutes } from "./cache";
import { registerRevokeSessionsRoute } from "./revoke-sessions";

export function registerAdminRoutes(app: OpenAPIHono<AppEnv>): void {
  registerRevokeSessionsRoute(app);
  registerCacheAdminRoutes(app);
}
