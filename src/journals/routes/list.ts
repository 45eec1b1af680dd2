import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { requireAuth } from "../../auth/middleware";
import { requireDisclaimer } from "../../disclaimer/middleware";
import type { AppEnv } from "../../http/app-env";
import { bearerSecurity, errorResponses, jsonResponse } from "../../http/openapi";
import { JOURNAL_SORT_FIELDS, JournalListQuerySchema, JournalPageSchema } from "../schemas";
import { listJournalEntries } from "../service";

const route = createRoute({
  method: "get",
  path: "/api/journals",
  tags: ["journals"],
  summary: "The user's journal entries, sorted and paginated",
  description:
    `Sort by \`sort\` (${JOURNAL_SORT_FIELDS.join(", ")}; default createdAt) in \`order\` (asc or desc; default desc), ties broken by id. ` +
    "Keyset pagination: pass each page's nextCursor as `cursor`, with the same sort and order, until it is null.",
  security: bearerSecurity,
  middleware: [requireAuth(), requireDisclaimer()] as const,
  request: { query: JournalListQuerySchema },
  responses: {
    200: jsonResponse(JournalPageSchema, "One page of entries"),
    ...errorResponses("VALIDATION_FAILED", "UNAUTHORIZED", "DISCLAIMER_REQUIRED", "DISCLAIMER_EXPIRED"),
  },
});

export function registerListJournalsRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json(await listJournalEntries(c.var.services.db, c.var.auth.userId, c.req.valid("query")), 200));
}
