import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { auditAdminAction } from "../audit";
import { requireAuth, requireRole } from "../auth/middleware";
import { revokeUserSessions } from "../auth/sessions";
import { findUserById } from "../auth/users";
import type { AppEnv } from "../http/app-env";
import { AppError } from "../http/errors";
import { bearerSecurity, errorResponses, jsonResponse } from "../http/openapi";

const route = createRoute({
  method: "post",
  path: "/api/admin/users/{id}/revoke-sessions",
  tags: ["admin"],
  summary: "Revoke every session of a user (a compromised account)",
  description: "Refresh tokens stop working at once; access tokens expire within ACCESS_TOKEN_TTL and no longer pass admin routes.",
  security: bearerSecurity,
  middleware: [requireAuth(), requireRole("admin")] as const,
  request: { params: z.object({ id: z.uuid({ error: "must be a user id (UUID)" }) }) },
  responses: {
    200: jsonResponse(z.object({ userId: z.string(), revokedSessions: z.number().int() }), "Sessions revoked"),
    ...errorResponses("VALIDATION_FAILED", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"),
  },
});

export function registerRevokeSessionsRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { db } = c.var.services;
    const { id } = c.req.valid("param");
    if (!(await findUserById(db, id))) throw new AppError("NOT_FOUND", `No user ${id}`);
    const revokedSessions = await revokeUserSessions(db, id, "revoked by admin");
    await auditAdminAction(c, "user.sessions.revoke", id, { revokedSessions });
    return c.json({ userId: id, revokedSessions }, 200);
  });
}
