import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { requireAuth } from "../../auth/middleware";
import type { AppEnv } from "../../http/app-env";
import { bearerSecurity, errorResponses } from "../../http/openapi";
import { ConversationIdParamsSchema } from "../schemas";
import { deleteConversation } from "../service";

const route = createRoute({
  method: "delete",
  path: "/api/conversations/{id}",
  tags: ["conversations"],
  summary: "Delete a conversation and its messages",
  description: "Journal entries written from it are kept; their conversationId becomes null.",
  security: bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { params: ConversationIdParamsSchema },
  responses: {
    204: { description: "Deleted" },
    ...errorResponses("VALIDATION_FAILED", "UNAUTHORIZED", "NOT_FOUND"),
  },
});

export function registerDeleteConversationRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    await deleteConversation(c.var.services.db, c.var.auth.userId, c.req.valid("param").id);
    return c.body(null, 204);
  });
}
