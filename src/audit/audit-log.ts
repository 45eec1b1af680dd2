import type { Database } from "../db";
import { auditLog } from "../db/schema";

export interface AuditEntry {
  /** The acting user's id; null for the command line or the system. */
  actorId: string | null;
  /** Who acted, readable: an email, "cli" or "system". */
  actor: string;
  action: string;
  target?: string;
  details?: Record<string, unknown>;
}

/** The insert statement for an audit entry, to run alone or inside a batch with the change it records. */
export function auditStatement(db: Database, entry: AuditEntry) {
  return db.insert(auditLog).values({
    actorId: entry.actorId,
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    details: entry.details ?? {},
  });
}
