import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { errorResponses, jsonResponse } from "../../http/openapi";
import { PersonaIdParams, RoomListSchema } from "../schemas";
import { orNotFound } from "../service";
import { setCatalogCaching } from "./audience";

const route = createRoute({
  method: "get",
  path: "/api/personas/{id}/rooms",
  tags: ["catalog"],
  summary: "The rooms a persona may enter",
  request: { params: PersonaIdParams },
  responses: { 200: jsonResponse(RoomListSchema, "The persona's rooms"), ...errorResponses("VALIDATION_FAILED", "NOT_FOUND") },
});

export function registerPersonaRoomsRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const rooms = await orNotFound("persona", id, c.var.services.catalog.roomsForPersona(id));
    setCatalogCaching(c, false);
    return c.json({ rooms }, 200);
  });
}
