import { z } from "@hono/zod-openapi";
import { CursorParamSchema, pageLimitSchema, pageSchema } from "../http/pagination";

export const ConversationIdParamsSchema = z.object({ id: z.uuid({ error: "must be a conversation id (UUID)" }) });

const conversationFields = {
  id: z.uuid(),
  personaId: z.string(),
  roomId: z.string(),
  title: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime().openapi({ description: "Time of the latest activity" }),
};

export const ConversationSummarySchema = z
  .object({ ...conversationFields, messageCount: z.number().int() })
  .openapi("ConversationSummary");

export const MessageSchema = z
  .object({
    id: z.uuid(),
    role: z.enum(["user", "assistant"]),
    content: z.string(),
    personaId: z.string(),
    roomId: z.string(),
    provider: z.string().nullable(),
    model: z.string().nullable(),
    tokensIn: z.number().int().nullable(),
    tokensOut: z.number().int().nullable(),
    latencyMs: z.number().int().nullable(),
    cached: z.boolean(),
    status: z.enum(["pending", "completed", "failed", "flagged"]),
    createdAt: z.iso.datetime(),
  })
  .openapi("Message");

export const ConversationPageSchema = pageSchema(ConversationSummarySchema).openapi("ConversationPage");

export const ConversationDetailSchema = z
  .object({ ...conversationFields, messages: pageSchema(MessageSchema).openapi("MessagePage") })
  .openapi("ConversationDetail");

export const ConversationListQuerySchema = z.object({ limit: pageLimitSchema(20), cursor: CursorParamSchema });

export const ConversationDetailQuerySchema = z.object({ messagesLimit: pageLimitSchema(50), messagesCursor: CursorParamSchema });

export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;
export type ConversationDetail = z.infer<typeof ConversationDetailSchema>;
export type MessageView = z.infer<typeof MessageSchema>;
