import { and, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { Database } from "../db";
import { conversations, messages, type Conversation, type Message } from "../db/schema";
import { AppError } from "../http/errors";
import { afterCursor, cursorKeyOf, orderByOf, toPage, type KeysetOrder, type Page, type PageRequest } from "../http/pagination";
import type { ConversationDetail, ConversationSummary, MessageView } from "./schemas";

const RECENT_ACTIVITY_FIRST: KeysetOrder = {
  name: "conversations",
  key: conversations.updatedAt,
  keyType: "timestamp",
  id: conversations.id,
  direction: "desc",
};

const OLDEST_MESSAGE_FIRST: KeysetOrder = {
  name: "messages",
  key: messages.createdAt,
  keyType: "timestamp",
  id: messages.id,
  direction: "asc",
};

function ownedBy(userId: string, id: string): SQL | undefined {
  return and(eq(conversations.id, id), eq(conversations.userId, userId));
}

function conversationNotFound(id: string): AppError {
  return new AppError("NOT_FOUND", `No conversation ${id}`);
}

/** The user's conversation, or undefined when it does not exist or belongs to someone else. */
export async function findOwnedConversation(db: Database, userId: string, id: string): Promise<Conversation | undefined> {
  const [conversation] = await db.select().from(conversations).where(ownedBy(userId, id)).limit(1);
  return conversation;
}

/** Like findOwnedConversation, but 404 alike for unknown ids and other users' conversations, so neither reveals existence. */
export async function requireOwnedConversation(db: Database, userId: string, id: string): Promise<Conversation> {
  const conversation = await findOwnedConversation(db, userId, id);
  if (!conversation) throw conversationNotFound(id);
  return conversation;
}

/** The user's conversations, latest activity first; the message count is a subquery of the same statement. */
export async function listConversations(db: Database, userId: string, page: PageRequest): Promise<Page<ConversationSummary>> {
  const order = RECENT_ACTIVITY_FIRST;
  const rows = await db
    .select({
      ...getTableColumns(conversations),
      cursorKey: cursorKeyOf(order),
      // Qualified by hand: drizzle leaves columns of a single-table select unqualified, and inside
      // the subquery a bare "id" would mean messages.id.
      messageCount: sql<number>`(select count(*)::int from ${messages} where ${messages}.conversation_id = ${conversations}.id)`,
    })
    .from(conversations)
    .where(and(eq(conversations.userId, userId), afterCursor(order, page.cursor, "query.cursor")))
    .orderBy(...orderByOf(order))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, order, (row) => ({ ...toConversationView(row), messageCount: row.messageCount }));
}

/** The conversation and one page of its messages, oldest first, in one round trip. */
export async function getConversation(db: Database, userId: string, id: string, messagePage: PageRequest): Promise<ConversationDetail> {
  const order = OLDEST_MESSAGE_FIRST;
  const [[conversation], messageRows] = await db.batch([
    db.select().from(conversations).where(ownedBy(userId, id)).limit(1),
    db
      .select({ ...getTableColumns(messages), cursorKey: cursorKeyOf(order) })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(and(eq(messages.conversationId, id), eq(conversations.userId, userId), afterCursor(order, messagePage.cursor, "query.messagesCursor")))
      .orderBy(...orderByOf(order))
      .limit(messagePage.limit + 1),
  ]);
  if (!conversation) throw conversationNotFound(id);
  return { ...toConversationView(conversation), messages: toPage(messageRows, messagePage.limit, order, toMessageView) };
}

/** Deletes the conversation; its messages go with it and journals that cite it keep their text (foreign keys). */
export async function deleteConversation(db: Database, userId: string, id: string): Promise<void> {
  const deleted = await db.delete(conversations).where(ownedBy(userId, id)).returning({ id: conversations.id });
  if (deleted.length === 0) throw conversationNotFound(id);
}

function toConversationView(conversation: Conversation): Omit<ConversationSummary, "messageCount"> {
  const { id, personaId, roomId, title, createdAt, updatedAt } = conversation;
  return { id, personaId, roomId, title, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
}

function toMessageView(message: Message): MessageView {
  const { id, role, content, personaId, roomId, provider, model, tokensIn, tokensOut, latencyMs, cached, status, createdAt } = message;
  return { id, role, content, personaId, roomId, provider, model, tokensIn, tokensOut, latencyMs, cached, status, createdAt: createdAt.toISOString() };
}
