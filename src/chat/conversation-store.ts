import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../db";
import { conversations, llmCalls, messages } from "../db/schema";
import type { AttemptRecord, ChatTurn } from "../llm";

/** Reads and writes of one chat exchange, batched so each step is a single round trip. */

export interface StoredExchange {
  conversationId: string;
  userMessageId: string;
  personaId: string;
  roomId: string;
}

/** Completed turns of a conversation, oldest first, at most `limit` of the newest. */
export async function loadHistory(db: Database, conversationId: string, limit: number): Promise<ChatTurn[]> {
  const rows = await db
    .select({ role: messages.role, content: messages.content })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.status, "completed")))
    .orderBy(desc(messages.createdAt))
    .limit(limit);
  return rows.reverse();
}

/** The user's side of an exchange, as stored. */
export interface UserMessage {
  userId: string;
  content: string;
  isNewConversation: boolean;
  title: string;
  status: "pending" | "completed" | "flagged";
}

export interface AssistantReply {
  id: string;
  content: string;
  provider: string;
  model: string;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
  cached: boolean;
}

type Statement = Parameters<Database["batch"]>[0][number];

/** The conversation created (or touched) and the user's message inserted. */
function userMessageStatements(db: Database, exchange: StoredExchange, message: UserMessage): [Statement, Statement] {
  const conversation = message.isNewConversation
    ? db.insert(conversations).values({ id: exchange.conversationId, userId: message.userId, personaId: exchange.personaId, roomId: exchange.roomId, title: message.title })
    : db.update(conversations).set({ updatedAt: new Date() }).where(eq(conversations.id, exchange.conversationId));
  const inserted = db.insert(messages).values({
    id: exchange.userMessageId,
    conversationId: exchange.conversationId,
    role: "user",
    content: message.content,
    personaId: exchange.personaId,
    roomId: exchange.roomId,
    status: message.status,
  });
  return [conversation, inserted];
}

function assistantMessageInsert(db: Database, exchange: StoredExchange, reply: AssistantReply, status: "completed" | "flagged") {
  return db.insert(messages).values({ ...reply, conversationId: exchange.conversationId, role: "assistant", personaId: exchange.personaId, roomId: exchange.roomId, status });
}

/** Stores the user's message (and the conversation when it is new) before any LLM call. */
export async function storeUserMessage(db: Database, exchange: StoredExchange, message: UserMessage): Promise<void> {
  await db.batch(userMessageStatements(db, exchange, message));
}

/**
 * A whole exchange answered without an LLM call (a cached answer, crisis resources): the
 * user's message and the reply in one batch, so there is one round trip and never half of it.
 */
export async function storeExchange(db: Database, exchange: StoredExchange, message: UserMessage, reply: AssistantReply, extra: Statement[] = []): Promise<void> {
  const replyStatus = message.status === "flagged" ? "flagged" : "completed";
  await db.batch([...userMessageStatements(db, exchange, message), assistantMessageInsert(db, exchange, reply, replyStatus), ...extra]);
}

/** The assistant's reply, the stored user message marked answered and the conversation touched, in one batch (plus any extra statements, such as a journal entry). */
export async function storeReply(db: Database, exchange: StoredExchange, reply: AssistantReply, extra: Statement[] = []): Promise<void> {
  await db.batch([
    assistantMessageInsert(db, exchange, reply, "completed"),
    db.update(messages).set({ status: "completed" }).where(eq(messages.id, exchange.userMessageId)),
    db.update(conversations).set({ updatedAt: new Date() }).where(eq(conversations.id, exchange.conversationId)),
    ...extra,
  ]);
}

/** Marks the user's message failed, keeping it: nothing the user said is lost. */
export async function markUserMessageFailed(db: Database, exchange: StoredExchange, errorCode: string): Promise<void> {
  await db.update(messages).set({ status: "failed", errorCode }).where(eq(messages.id, exchange.userMessageId));
}

export interface AttemptContext {
  requestId: string;
  userId: string;
}

/** One llm_calls row per provider attempt, as a statement to batch with the reply they produced. */
export function llmCallsInsert(db: Database, attempts: AttemptRecord[], context: AttemptContext): Statement[] {
  return attempts.length ? [db.insert(llmCalls).values(attempts.map((attempt) => ({ ...attempt, ...context })))] : [];
}

/** The llm_calls rows of attempts that produced no stored reply; written off the response path. */
export async function recordLlmCalls(db: Database, attempts: AttemptRecord[], context: AttemptContext): Promise<void> {
  const [insert] = llmCallsInsert(db, attempts, context);
  if (insert) await insert;
}
