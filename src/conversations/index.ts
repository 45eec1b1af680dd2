import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../http/app-env";
import { registerDeleteConversationRoute } from "./routes/delete";
import { registerListConversationsRoute } from "./routes/list";
import { registerShowConversationRoute } from "./routes/show";

export { deleteConversation, findOwnedConversation, getConversation, listConversations, requireOwnedConversation } from "./service";
export type { ConversationDetail, ConversationSummary, MessageView } from "./schemas";

export function registerConversationRoutes(app: OpenAPIHono<AppEnv>): void {
  registerListConversationsRoute(app);
  registerShowConversationRoute(app);
  registerDeleteConversationRoute(app);
}
