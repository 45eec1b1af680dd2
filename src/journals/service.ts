import { and, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import { requireOwnedConversation } from "../conversations/service";
import type { Database } from "../db";
import { journals, type Journal } from "../db/schema";
import { AppError } from "../http/errors";
import { afterCursor, cursorKeyOf, orderByOf, toPage, type KeysetOrder, type Page } from "../http/pagination";
import type { JournalChanges, JournalInput, JournalListQuery, JournalSortField, JournalView } from "./schemas";

const SORT_KEYS: Record<JournalSortField, Pick<KeysetOrder, "key" | "keyType">> = {
  createdAt: { key: journals.createdAt, keyType: "timestamp" },
  updatedAt: { key: journals.updatedAt, keyType: "timestamp" },
  title: { key: journals.title, keyType: "text" },
};

function journalOrder(sort: JournalSortField, direction: KeysetOrder["direction"]): KeysetOrder {
  return { name: `journals:${sort}:${direction}`, ...SORT_KEYS[sort], id: journals.id, direction };
}

function ownedBy(userId: string, id: string): SQL | undefined {
  return and(eq(journals.id, id), eq(journals.userId, userId));
}

function journalNotFound(id: string): AppError {
  return new AppError("NOT_FOUND", `No journal entry ${id}`);
}

/** The insert statement alone, unawaited, so that callers can put it in a db.batch with other writes. */
export function journalInsert(db: Database, values: typeof journals.$inferInsert) {
  return db.insert(journals).values(values);
}

/** Writes an entry; a conversationId must be one of the user's own conversations (else 404). */
export async function createJournalEntry(db: Database, userId: string, input: JournalInput): Promise<JournalView> {
  if (input.conversationId) await requireOwnedConversation(db, userId, input.conversationId);
  const [journal] = await journalInsert(db, { ...input, userId }).returning();
  return toJournalView(journal!);
}

export async function listJournalEntries(db: Database, userId: string, query: JournalListQuery): Promise<Page<JournalView>> {
  const order = journalOrder(query.sort, query.order);
  const rows = await db
    .select({ ...getTableColumns(journals), cursorKey: cursorKeyOf(order) })
    .from(journals)
    .where(and(eq(journals.userId, userId), afterCursor(order, query.cursor, "query.cursor")))
    .orderBy(...orderByOf(order))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, order, toJournalView);
}

export async function getJournalEntry(db: Database, userId: string, id: string): Promise<JournalView> {
  const [journal] = await db.select().from(journals).where(ownedBy(userId, id)).limit(1);
  if (!journal) throw journalNotFound(id);
  return toJournalView(journal);
}

/** Applies the given fields only and bumps updatedAt. */
export async function updateJournalEntry(db: Database, userId: string, id: string, changes: JournalChanges): Promise<JournalView> {
  if (changes.conversationId) await requireOwnedConversation(db, userId, changes.conversationId);
  const [journal] = await db
    .update(journals)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(ownedBy(userId, id))
    .returning();
  if (!journal) throw journalNotFound(id);
  return toJournalView(journal);
}

export async function deleteJournalEntry(db: Database, userId: string, id: string): Promise<void> {
  const deleted = await db.delete(journals).where(ownedBy(userId, id)).returning({ id: journals.id });
  if (deleted.length === 0) throw journalNotFound(id);
}

function toJournalView(journal: Journal): JournalView {
  const { id, title, content, mood, tags, conversationId, createdAt, updatedAt } = journal;
  return { id, title, content, mood, tags, conversationId, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
}
