import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { errorResponses, jsonResponse } from "../../http/openapi";
import { PersonaIdParams, PersonaSchema } from "../schemas";
import { orNotFound } from "../service";
import { personaPresenter } from "./audience";

const route = createRoute({
  method: "get",
  path: "/api/personas/{id}",
  tags: ["catalog"],
  summary: "One persona and the rooms it may enter",
  description: "Public. The system prompt is included only for admins.",
  request: { params: PersonaIdParams },
  responses: { 200: jsonResponse(PersonaSchema, "The persona"), ...errorResponses("VALIDATION_FAILED", "NOT_FOUND") },
});

export function registerGetPersonaRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const persona = await orNotFound("persona", id, c.var.services.catalog.getPersona(id));
    const present = await personaPresenter(c);
    return c.json(present(persona), 200);
  });
}
