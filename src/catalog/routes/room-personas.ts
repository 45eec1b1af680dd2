import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { errorResponses, jsonResponse } from "../../http/openapi";
import { PersonaListSchema, RoomIdParams } from "../schemas";
import { orNotFound } from "../service";
import { personaPresenter } from "./audience";

const route = createRoute({
  method: "get",
  path: "/api/rooms/{id}/personas",
  tags: ["catalog"],
  summary: "The personas that may enter a room",
  description: "Public. System prompts are included only for admins.",
  request: { params: RoomIdParams },
  responses: { 200: jsonResponse(PersonaListSchema, "The room's personas"), ...errorResponses("VALIDATION_FAILED", "NOT_FOUND") },
});

export function registerRoomPersonasRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const personas = await orNotFound("room", id, c.var.services.catalog.personasForRoom(id));
    const present = await personaPresenter(c);
    return c.json({ personas: personas.map(present) }, 200);
  });
}
