import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { requireAuth } from "../../auth/middleware";
import type { AppEnv } from "../../http/app-env";
import { bearerSecurity, errorResponses, jsonResponse } from "../../http/openapi";
import { ConversationDetailQuerySchema, ConversationDetailSchema, ConversationIdParamsSchema } from "../schemas";
import { getConversation } from "../service";

const route = createRoute({
  method: "get",
  path: "/api/conversations/{id}",
  tags: ["conversations"],
  summary: "A conversation with its messages, oldest first",
  description: "Messages are paginated on (createdAt asc, id asc): pass `messages.nextCursor` as `messagesCursor` until it is null.",
  security: bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { params: ConversationIdParamsSchema, query: ConversationDetailQuerySchema },
  responses: {
    200: jsonResponse(ConversationDetailSchema, "The conversation and one page of its messages"),
    ...errorResponses("VALIDATION_FAILED", "UNAUTHORIZED", "NOT_FOUND"),
  },
});

export function registerShowConversationRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { messagesLimit, messagesCursor } = c.req.valid("query");
    const conversation = await getConversation(c.var.services.db, c.var.auth.userId, c.req.valid("param").id, { limit: messagesLimit, cursor: messagesCursor });
    return c.json(conversation, 200);
  });
}
