import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { requireAuth } from "../../auth/middleware";
import { requireDisclaimer } from "../../disclaimer/middleware";
import type { AppEnv } from "../../http/app-env";
import { bearerSecurity, errorResponses, jsonResponse } from "../../http/openapi";
import { JournalIdParamsSchema, JournalSchema } from "../schemas";
import { getJournalEntry } from "../service";

const route = createRoute({
  method: "get",
  path: "/api/journals/{id}",
  tags: ["journals"],
  summary: "One journal entry",
  security: bearerSecurity,
  middleware: [requireAuth(), requireDisclaimer()] as const,
  request: { params: JournalIdParamsSchema },
  responses: {
    200: jsonResponse(JournalSchema, "The entry"),
    ...errorResponses("VALIDATION_FAILED", "UNAUTHORIZED", "DISCLAIMER_REQUIRED", "DISCLAIMER_EXPIRED", "NOT_FOUND"),
  },
});

export function registerShowJournalRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json(await getJournalEntry(c.var.services.db, c.var.auth.userId, c.req.valid("param").id), 200));
}
