import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { bearerSecurity, errorResponses, jsonResponse } from "../../http/openapi";
import { requireAuth } from "../middleware";

const logoutRoute = createRoute({
  method: "post",
  path: "/api/auth/logout",
  tags: ["auth"],
  summary: "End this session",
  security: bearerSecurity,
  middleware: [requireAuth()] as const,
  responses: {
    200: jsonResponse(z.object({ revokedSessions: z.number().int() }), "The session's refresh tokens no longer work"),
    ...errorResponses("UNAUTHORIZED"),
  },
});

const logoutAllRoute = createRoute({
  method: "post",
  path: "/api/auth/logout-all",
  tags: ["auth"],
  summary: "End every session of this account",
  security: bearerSecurity,
  middleware: [requireAuth()] as const,
  responses: {
    200: jsonResponse(z.object({ revokedSessions: z.number().int() }), "Every refresh token of the account no longer works"),
    ...errorResponses("UNAUTHORIZED"),
  },
});

export function registerLogoutRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(logoutRoute, async (c) => {
    await c.var.services.auth.logout(c.var.auth.sessionId);
    return c.json({ revokedSessions: 1 }, 200);
  });
  app.openapi(logoutAllRoute, async (c) => c.json({ revokedSessions: await c.var.services.auth.logoutAll(c.var.auth.userId) }, 200));
}
