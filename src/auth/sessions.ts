import { and, eq, isNull, sql } from "drizzle-orm";
import type { Config } from "../config";
import type { Database } from "../db";
import { refreshTokens, sessions, users, type User } from "../db/schema";
import { hashRefreshToken, newRefreshToken } from "./tokens";

export interface StartedSession {
  sessionId: string;
  refreshToken: string;
}

/** Opens a session and its first refresh token in one round trip. */
export async function startSession(db: Database, config: Config["auth"], userId: string, userAgent: string | undefined): Promise<StartedSession> {
  const sessionId = crypto.randomUUID();
  const refreshToken = newRefreshToken();
  const expiresAt = new Date(Date.now() + config.refreshTokenTtlSeconds * 1000);
  await db.batch([
    db.insert(sessions).values({ id: sessionId, userId, expiresAt, userAgent: userAgent?.slice(0, 300) }),
    db.insert(refreshTokens).values({ sessionId, tokenHash: await hashRefreshToken(refreshToken), expiresAt }),
  ]);
  return { sessionId, refreshToken };
}

export type RotationResult =
  | { outcome: "rotated"; user: User; sessionId: string; refreshToken: string }
  | { outcome: "invalid" }
  | { outcome: "reused"; sessionId: string };

/**
 * Exchanges a refresh token for a new one. A token that was already exchanged means it
 * was copied: the whole session (every token of its chain) is revoked.
 */
export async function rotateRefreshToken(db: Database, presented: string): Promise<RotationResult> {
  const [found] = await db
    .select({ token: refreshTokens, session: sessions, user: users })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(refreshTokens.tokenHash, await hashRefreshToken(presented)))
    .limit(1);
  if (!found) return { outcome: "invalid" };
  const { token, session, user } = found;
  if (session.revokedAt || session.expiresAt.getTime() <= Date.now() || token.expiresAt.getTime() <= Date.now()) return { outcome: "invalid" };
  if (token.usedAt) {
    await revokeSession(db, session.id, "refresh token reused");
    return { outcome: "reused", sessionId: session.id };
  }

  const next = newRefreshToken();
  // Marking the old token used and issuing its successor is one statement, so of two
  // concurrent refreshes with the same token exactly one succeeds.
  const rotated = await db.execute<{ id: string }>(sql`
    with used as (
      update ${refreshTokens} set used_at = now()
      where ${refreshTokens.id} = ${token.id} and ${refreshTokens.usedAt} is null
      returning session_id, expires_at
    )
    insert into ${refreshTokens} (session_id, token_hash, parent_id, expires_at)
    select session_id, ${await hashRefreshToken(next)}, ${token.id}, expires_at from used
    returning id`);
  if (rotated.rows.length === 0) {
    await revokeSession(db, session.id, "refresh token reused");
    return { outcome: "reused", sessionId: session.id };
  }
  return { outcome: "rotated", user, sessionId: session.id, refreshToken: next };
}

export async function revokeSession(db: Database, sessionId: string, reason: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: new Date(), revokedReason: reason }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Revokes every open session of a user; returns how many were open. */
export async function revokeUserSessions(db: Database, userId: string, reason: string): Promise<number> {
  const revoked = await db
    .update(sessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return revoked.length;
}

/** True while the session is open and its user still holds the role (a demotion counts at once). */
export async function sessionHoldsRole(db: Database, sessionId: string, role: User["role"]): Promise<boolean> {
  const [row] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), sql`${sessions.expiresAt} > now()`, eq(users.role, role)))
    .limit(1);
  return row !== undefined;
}
