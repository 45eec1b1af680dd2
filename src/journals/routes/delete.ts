import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { requireAuth } from "../../auth/middleware";
import { requireDisclaimer } from "../../disclaimer/middleware";
import type { AppEnv } from "../../http/app-env";
import { bearerSecurity, errorResponses } from "../../http/openapi";
import { JournalIdParamsSchema } from "../schemas";
import { deleteJournalEntry } from "../service";

const route = createRoute({
  method: "delete",
  path: "/api/journals/{id}",
  tags: ["journals"],
  summary: "Delete a journal entry",
  security: bearerSecurity,
  middleware: [requireAuth(), requireDisclaimer()] as const,
  request: { params: JournalIdParamsSchema },
  responses: {
    204: { description: "Deleted" },
    ...errorResponses("VALIDATION_FAILED", "UNAUTHORIZED", "DISCLAIMER_REQUIRED", "DISCLAIMER_EXPIRED", "NOT_FOUND"),
  },
});

export function registerDeleteJournalRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    await deleteJournalEntry(c.var.services.db, c.var.auth.userId, c.req.valid("param").id);
    return c.body(null, 204);
  });
}
