import { sql } from "drizzle-orm";
import { bigint, boolean, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

export const userRole = pgEnum("user_role", ["user", "admin"]);
export const promptType = pgEnum("prompt_type", ["open", "guided", "short_form", "targeted"]);
export const messageRole = pgEnum("message_role", ["user", "assistant"]);
export const messageStatus = pgEnum("message_status", ["pending", "completed", "failed", "flagged"]);
export const backupStatus = pgEnum("backup_status", ["running", "completed", "failed"]);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: userRole("role").notNull().default("user"),
    displayName: text("display_name"),
    disclaimerVersion: text("disclaimer_version"),
    disclaimerAcceptedAt: timestamp("disclaimer_accepted_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex("users_email_lower_key").on(sql`lower(${table.email})`)],
);

/** One login. Its id is the `sid` claim of access tokens; revoking it ends every token of the login. */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedReason: text("revoked_reason"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
  },
  (table) => [index("sessions_user_id_idx").on(table.userId)],
);

/** The rotation chain of a session: every refresh issues a new token and marks the old one used. */
export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id").notNull().references(() => sessions.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    parentId: uuid("parent_id"),
    usedAt: timestamp("used_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("refresh_tokens_token_hash_key").on(table.tokenHash), index("refresh_tokens_session_id_idx").on(table.sessionId)],
);

export const personas = pgTable("personas", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  tone: text("tone").notNull(),
  description: text("description").notNull(),
  systemPrompt: text("system_prompt").notNull(),
  tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const rooms = pgTable("rooms", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  promptType: promptType("prompt_type").notNull(),
  purpose: text("purpose").notNull(),
  description: text("description").notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const personaRooms = pgTable(
  "persona_rooms",
  {
    personaId: text("persona_id").notNull().references(() => personas.id, { onDelete: "cascade" }),
    roomId: text("room_id").notNull().references(() => rooms.id, { onDelete: "cascade" }),
  },
  (table) => [primaryKey({ columns: [table.personaId, table.roomId] }), index("persona_rooms_room_id_idx").on(table.roomId)],
);

export const conversations = pgTable(
  "conversations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    personaId: text("persona_id").notNull().references(() => personas.id, { onDelete: "restrict" }),
    roomId: text("room_id").notNull().references(() => rooms.id, { onDelete: "restrict" }),
    title: text("title"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index("conversations_user_updated_idx").on(table.userId, table.updatedAt.desc())],
);

export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    conversationId: uuid("conversation_id").notNull().references(() => conversations.id, { onDelete: "cascade" }),
    role: messageRole("role").notNull(),
    content: text("content").notNull(),
    personaId: text("persona_id").notNull(),
    roomId: text("room_id").notNull(),
    provider: text("provider"),
    model: text("model"),
    tokensIn: integer("tokens_in"),
    tokensOut: integer("tokens_out"),
    latencyMs: integer("latency_ms"),
    cached: boolean("cached").notNull().default(false),
    status: messageStatus("status").notNull().default("completed"),
    errorCode: text("error_code"),
    createdAt: createdAt(),
  },
  (table) => [index("messages_conversation_created_idx").on(table.conversationId, table.createdAt), index("messages_created_idx").on(table.createdAt)],
);

export const journals = pgTable(
  "journals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id").references(() => conversations.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    content: text("content").notNull(),
    mood: text("mood"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index("journals_user_created_idx").on(table.userId, table.createdAt.desc())],
);

/** One row per attempt at an LLM provider, written off the response path. */
export const llmCalls = pgTable(
  "llm_calls",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    requestId: text("request_id").notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    outcome: text("outcome").notNull(),
    httpStatus: integer("http_status"),
    latencyMs: integer("latency_ms").notNull(),
    tokensIn: integer("tokens_in"),
    tokensOut: integer("tokens_out"),
    failover: boolean("failover").notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [index("llm_calls_created_idx").on(table.createdAt), index("llm_calls_provider_created_idx").on(table.provider, table.createdAt)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    target: text("target"),
    details: jsonb("details").notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
  },
  (table) => [index("audit_log_created_idx").on(table.createdAt), index("audit_log_actor_idx").on(table.actorId)],
);

/**
 * One row per API request, written after the response (waitUntil) by whichever isolate
 * served it, so /api/metrics adds up across isolates and locations. Pruned by the cron.
 */
export const requestMetrics = pgTable(
  "request_metrics",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    method: text("method").notNull(),
    /** The matched route template (`/api/conversations/{id}`), or `unmatched`, so cardinality stays bounded. */
    route: text("route").notNull(),
    status: integer("status").notNull(),
    durationMs: doublePrecision("duration_ms").notNull(),
    /** The authenticated caller, if any; no foreign key, so a deleted user never blocks a write. */
    userId: uuid("user_id"),
    /** The AI response cache's verdict (X-Cache) on chat requests. */
    cache: text("cache"),
    createdAt: createdAt(),
  },
  (table) => [index("request_metrics_created_idx").on(table.createdAt)],
);

/** One backup run to R2, cron or manual. At most one is running at a time (the partial unique index). */
export const backups = pgTable(
  "backups",
  {
    id: text("id").primaryKey(),
    trigger: text("trigger").notNull(),
    status: backupStatus("status").notNull().default("running"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    migrationLevel: text("migration_level"),
    sizeBytes: bigint("size_bytes", { mode: "number" }),
    rowCounts: jsonb("row_counts").$type<Record<string, number>>(),
    error: text("error"),
  },
  (table) => [uniqueIndex("backups_one_running_key").on(table.status).where(sql`status = 'running'`), index("backups_started_idx").on(table.startedAt.desc())],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Session = typeof sessions.$inferSelect;
export type RefreshToken = typeof refreshTokens.$inferSelect;
export type Persona = typeof personas.$inferSelect;
export type Room = typeof rooms.$inferSelect;
export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type Journal = typeof journals.$inferSelect;
export type LlmCall = typeof llmCalls.$inferInsert;
export type AuditEntry = typeof auditLog.$inferInsert;

export type RequestMetric = typeof requestMetrics.$inferInsert;
export type Backup = typeof backups.$inferSelect;