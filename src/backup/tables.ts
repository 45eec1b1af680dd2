/**
 * Every application table a backup holds, parents before children so a restore in this
 * order satisfies each foreign key. `key` is the primary key, used to read in pages.
 * The backups table itself is not backed up: it is the catalogue of the backups.
 */
export const BACKUP_TABLES = [
  { name: "users", key: ["id"] },
  { name: "sessions", key: ["id"] },
  { name: "refresh_tokens", key: ["id"] },
  { name: "personas", key: ["id"] },
  { name: "rooms", key: ["id"] },
  { name: "persona_rooms", key: ["persona_id", "room_id"] },
  { name: "conversations", key: ["id"] },
  { name: "messages", key: ["id"] },
  { name: "journals", key: ["id"] },
  { name: "llm_calls", key: ["id"] },
  { name: "audit_log", key: ["id"] },
  { name: "request_metrics", key: ["id"] },
] as const;

export type BackupTable = (typeof BACKUP_TABLES)[number];
export type BackupTableName = BackupTable["name"];

/** Tables whose id is an identity column: a restore moves their sequence past the restored ids. */
export const IDENTITY_TABLES: readonly BackupTableName[] = ["llm_calls", "audit_log", "request_metrics"];
