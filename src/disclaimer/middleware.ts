import type { MiddlewareHandler } from "hono";
import { findUserById } from "../auth/users";
import type { Cache } from "../cache";
import type { Database } from "../db";
import type { AppEnv } from "../http/app-env";
import { AppError } from "../http/errors";
import { DISCLAIMER } from "./content";
import { disclaimerStatus } from "./status";

/** An acceptance as the cache holds it (JSON: the time as an ISO string). */
interface CachedAcceptance {
  version: string;
  acceptedAt: string;
}

const acceptanceKey = (userId: string) => `disclaimer:${userId}`;
const ACCEPTANCE_TTL_SECONDS = 86_400;

/**
 * 403 DISCLAIMER_REQUIRED / DISCLAIMER_EXPIRED unless the user has accepted the current
 * disclaimer. Only acceptances are cached, and an acceptance is never withdrawn (a new
 * version or its expiry is computed from it), so a cached one can be trusted and the gate
 * usually costs no database trip; anything else is checked against the database.
 */
export async function requireAcceptedDisclaimer(db: Database, cache: Cache, userId: string): Promise<void> {
  const cached = await cache.get<CachedAcceptance>(acceptanceKey(userId));
  if (cached.hit && disclaimerStatus({ disclaimerVersion: cached.value.version, disclaimerAcceptedAt: new Date(cached.value.acceptedAt) }).state === "accepted") return;

  const user = await findUserById(db, userId);
  if (!user) throw new AppError("UNAUTHORIZED", "This account no longer exists");
  const status = disclaimerStatus(user);
  if (status.state === "required") {
    throw new AppError("DISCLAIMER_REQUIRED", `Accept disclaimer ${DISCLAIMER.version} first: POST /api/disclaimer/acknowledge`);
  }
  if (status.state === "expired") {
    throw new AppError("DISCLAIMER_EXPIRED", `Your acceptance expired on ${status.validUntil}; accept disclaimer ${DISCLAIMER.version} again`);
  }
  const acceptance: CachedAcceptance = { version: status.acceptedVersion!, acceptedAt: status.acceptedAt! };
  await cache.set(acceptanceKey(userId), acceptance, ACCEPTANCE_TTL_SECONDS);
}

/** After requireAuth: the route runs only for users who accepted the current disclaimer. */
export function requireDisclaimer(): MiddlewareHandler<AppEnv> {
  return async function requireDisclaimer(c, next) {
    const { db, cache } = c.var.services;
    await requireAcceptedDisclaimer(db, cache, c.var.auth.userId);
    await next();
  };
}
