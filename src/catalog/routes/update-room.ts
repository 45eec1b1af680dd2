import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { requireAuth, requireRole } from "../../auth/middleware";
import type { AppEnv } from "../../http/app-env";
import { bearerSecurity, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { RoomIdParams, RoomPatchSchema, RoomSchema } from "../schemas";
import { adminActor, setCatalogCaching } from "./audience";

const route = createRoute({
  method: "put",
  path: "/api/admin/rooms/{id}",
  tags: ["admin"],
  summary: "Edit a room's name, purpose, description or prompt type",
  description: "Audit-logged with the changed field names; the next read shows the change.",
  security: bearerSecurity,
  middleware: [requireAuth(), requireRole("admin")] as const,
  request: { params: RoomIdParams, body: jsonBody(RoomPatchSchema) },
  responses: {
    200: jsonResponse(RoomSchema, "The room as it now is"),
    ...errorResponses("VALIDATION_FAILED", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"),
  },
});

export function registerUpdateRoomRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const room = await c.var.services.catalog.updateRoom(c.req.valid("param").id, c.req.valid("json"), await adminActor(c));
    setCatalogCaching(c, true);
    return c.json(room, 200);
  });
}
