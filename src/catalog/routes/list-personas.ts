import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { jsonResponse } from "../../http/openapi";
import { PersonaListSchema } from "../schemas";
import { personaPresenter } from "./audience";

const route = createRoute({
  method: "get",
  path: "/api/personas",
  tags: ["catalog"],
  summary: "Every persona and the rooms it may enter",
  description: "Public. System prompts are included only for admins.",
  responses: { 200: jsonResponse(PersonaListSchema, "The personas") },
});

export function registerListPersonasRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const present = await personaPresenter(c);
    return c.json({ personas: (await c.var.services.catalog.listPersonas()).map(present) }, 200);
  });
}
