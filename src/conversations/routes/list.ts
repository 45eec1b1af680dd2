import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { requireAuth } from "../../auth/middleware";
import type { AppEnv } from "../../http/app-env";
import { bearerSecurity, errorResponses, jsonResponse } from "../../http/openapi";
import { ConversationListQuerySchema, ConversationPageSchema } from "../schemas";
import { listConversations } from "../service";

const route = createRoute({
  method: "get",
  path: "/api/conversations",
  tags: ["conversations"],
  summary: "The user's conversations, latest activity first",
  description:
    "Keyset pagination on (updatedAt desc, id desc): pass each page's nextCursor as `cursor` until it is null. " +
    "Pages stay free of repeats and gaps while conversations are added.",
  security: bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { query: ConversationListQuerySchema },
  responses: {
    200: jsonResponse(ConversationPageSchema, "One page of conversations"),
    ...errorResponses("VALIDATION_FAILED", "UNAUTHORIZED"),
  },
});

export function registerListConversationsRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json(await listConversations(c.var.services.db, c.var.auth.userId, c.req.valid("query")), 200));
}
