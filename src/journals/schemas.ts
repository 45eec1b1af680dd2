import { z } from "@hono/zod-openapi";
import { CursorParamSchema, pageLimitSchema, pageSchema } from "../http/pagination";

export const JOURNAL_SORT_FIELDS = ["createdAt", "updatedAt", "title"] as const;
export type JournalSortField = (typeof JOURNAL_SORT_FIELDS)[number];

export const JournalIdParamsSchema = z.object({ id: z.uuid({ error: "must be a journal entry id (UUID)" }) });

const title = z.string().trim().min(1).max(200);
const content = z.string().min(1).max(20_000);
const mood = z.string().trim().min(1).max(40).openapi({ example: "hopeful" });
const tags = z.array(z.string().trim().min(1).max(40)).max(20);
const conversationId = z.uuid({ error: "must be a conversation id (UUID)" }).openapi({ description: "One of the user's own conversations" });

export const JournalInputSchema = z
  .object({ title, content, mood: mood.optional(), tags: tags.optional(), conversationId: conversationId.optional() })
  .openapi("JournalInput");

export const JournalChangesSchema = z
  .object({
    title: title.optional(),
    content: content.optional(),
    mood: mood.nullable().optional(),
    tags: tags.optional(),
    conversationId: conversationId.nullable().optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, { error: "Change at least one of title, content, mood, tags, conversationId" })
  .openapi("JournalChanges");

export const JournalSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    content: z.string(),
    mood: z.string().nullable(),
    tags: z.array(z.string()),
    conversationId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi("Journal");

export const JournalPageSchema = pageSchema(JournalSchema).openapi("JournalPage");

export const JournalListQuerySchema = z.object({
  sort: z
    .enum(JOURNAL_SORT_FIELDS, { error: `must be one of ${JOURNAL_SORT_FIELDS.join(", ")}` })
    .default("createdAt")
    .openapi({ description: "Field to sort by (default createdAt)" }),
  order: z.enum(["asc", "desc"], { error: "must be asc or desc" }).default("desc").openapi({ description: "Sort direction (default desc)" }),
  limit: pageLimitSchema(20),
  cursor: CursorParamSchema,
});

export type JournalInput = z.infer<typeof JournalInputSchema>;
export type JournalChanges = z.infer<typeof JournalChangesSchema>;
export type JournalListQuery = z.infer<typeof JournalListQuerySchema>;
export type JournalView = z.infer<typeof JournalSchema>;
