import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../http/app-env";
import { registerRevokeSessionsRoute } from "./revoke-sessions";

export function registerAdminRoutes(app: OpenAPIHono<AppEnv>): void {
  registerRevokeSessionsRoute(app);
}
