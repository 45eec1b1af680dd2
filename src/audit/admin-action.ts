import type { Context } from "hono";
import type { AppEnv } from "../http/app-env";
import { auditStatement } from "./audit-log";

/** Records an admin's action in audit_log with their id and email (after requireRole("admin")). */
export async function auditAdminAction(c: Context<AppEnv>, action: string, target: string, details: Record<string, unknown> = {}): Promise<void> {
  const { auth, db } = c.var.services;
  const admin = await auth.me(c.var.auth.userId);
  await auditStatement(db, { actorId: admin.id, actor: admin.email, action, target, details });
}
