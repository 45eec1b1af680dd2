import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { requireAuth } from "../../auth/middleware";
import { requireDisclaimer } from "../../disclaimer/middleware";
import type { AppEnv } from "../../http/app-env";
import { bearerSecurity, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { JournalInputSchema, JournalSchema } from "../schemas";
import { createJournalEntry } from "../service";

const route = createRoute({
  method: "post",
  path: "/api/journals",
  tags: ["journals"],
  summary: "Write a journal entry",
  description: "A conversationId links the entry to one of the user's own conversations; any other id is answered 404.",
  security: bearerSecurity,
  middleware: [requireAuth(), requireDisclaimer()] as const,
  request: { body: jsonBody(JournalInputSchema) },
  responses: {
    201: jsonResponse(JournalSchema, "The new entry"),
    ...errorResponses("VALIDATION_FAILED", "UNAUTHORIZED", "DISCLAIMER_REQUIRED", "DISCLAIMER_EXPIRED", "NOT_FOUND"),
  },
});

export function registerCreateJournalRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json(await createJournalEntry(c.var.services.db, c.var.auth.userId, c.req.valid("json")), 201));
}
