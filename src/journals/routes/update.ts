import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { requireAuth } from "../../auth/middleware";
import { requireDisclaimer } from "../../disclaimer/middleware";
import type { AppEnv } from "../../http/app-env";
import { bearerSecurity, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { JournalChangesSchema, JournalIdParamsSchema, JournalSchema } from "../schemas";
import { updateJournalEntry } from "../service";

const route = createRoute({
  method: "patch",
  path: "/api/journals/{id}",
  tags: ["journals"],
  summary: "Change some fields of a journal entry",
  description: "Only the fields given change (at least one); null clears mood or conversationId. updatedAt moves to now.",
  security: bearerSecurity,
  middleware: [requireAuth(), requireDisclaimer()] as const,
  request: { params: JournalIdParamsSchema, body: jsonBody(JournalChangesSchema) },
  responses: {
    200: jsonResponse(JournalSchema, "The updated entry"),
    ...errorResponses("VALIDATION_FAILED", "UNAUTHORIZED", "DISCLAIMER_REQUIRED", "DISCLAIMER_EXPIRED", "NOT_FOUND"),
  },
});

export function registerUpdateJournalRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const journal = await updateJournalEntry(c.var.services.db, c.var.auth.userId, c.req.valid("param").id, c.req.valid("json"));
    return c.json(journal, 200);
  });
}
