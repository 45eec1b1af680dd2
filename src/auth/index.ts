import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../http/app-env";
import { registerLoginRoute } from "./routes/login";
import { registerLogoutRoutes } from "./routes/logout";
import { registerMeRoute } from "./routes/me";
import { registerRefreshRoute } from "./routes/refresh";
import { registerRegisterRoute } from "./routes/register";

export { optionalAccessClaims, requireAuth, requireRole } from "./middleware";
export { AuthService, type TokenGrant } from "./service";
export type { AccessClaims, Role } from "./tokens";

export function registerAuthRoutes(app: OpenAPIHono<AppEnv>): void {
  registerRegisterRoute(app);
  registerLoginRoute(app);
  registerRefreshRoute(app);
  registerLogoutRoutes(app);
  registerMeRoute(app);
}
