import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { requireAuth, requireRole } from "../../auth/middleware";
import type { AppEnv } from "../../http/app-env";
import { bearerSecurity, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { PersonaIdParams, PersonaPatchSchema, PersonaSchema } from "../schemas";
import { adminActor, setCatalogCaching } from "./audience";

const route = createRoute({
  method: "put",
  path: "/api/admin/personas/{id}",
  tags: ["admin"],
  summary: "Edit a persona's name, tone, description, system prompt or tags",
  description: "Audit-logged with the changed field names; the next read shows the change.",
  security: bearerSecurity,
  middleware: [requireAuth(), requireRole("admin")] as const,
  request: { params: PersonaIdParams, body: jsonBody(PersonaPatchSchema) },
  responses: {
    200: jsonResponse(PersonaSchema, "The persona as it now is, with its system prompt"),
    ...errorResponses("VALIDATION_FAILED", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"),
  },
});

export function registerUpdatePersonaRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const persona = await c.var.services.catalog.updatePersona(c.req.valid("param").id, c.req.valid("json"), await adminActor(c));
    setCatalogCaching(c, true);
    return c.json(persona, 200);
  });
}
