import { eq } from "drizzle-orm";
import type { Database } from "../db";
import { users, type User } from "../db/schema";
import { AppError } from "../http/errors";
import { DISCLAIMER } from "./content";

export type DisclaimerState = "accepted" | "required" | "expired";

export interface DisclaimerStatus {
  state: DisclaimerState;
  currentVersion: string;
  acceptedVersion: string | null;
  acceptedAt: string | null;
  /** When the current acceptance stops being valid; null unless accepted. */
  validUntil: string | null;
}

const DAY_MS = 86_400_000;

/** An acceptance counts for the current version only, and for DISCLAIMER.validityDays. */
export function disclaimerStatus(user: Pick<User, "disclaimerVersion" | "disclaimerAcceptedAt">, now = new Date()): DisclaimerStatus {
  const acceptedAt = user.disclaimerAcceptedAt;
  const base = { currentVersion: DISCLAIMER.version, acceptedVersion: user.disclaimerVersion, acceptedAt: acceptedAt?.toISOString() ?? null };
  if (!acceptedAt || user.disclaimerVersion !== DISCLAIMER.version) return { ...base, state: "required", validUntil: null };
  const validUntil = new Date(acceptedAt.getTime() + DISCLAIMER.validityDays * DAY_MS);
  return { ...base, state: validUntil > now ? "accepted" : "expired", validUntil: validUntil.toISOString() };
}

export async function acknowledgeDisclaimer(db: Database, userId: string, version: string): Promise<User> {
  if (version !== DISCLAIMER.version) {
    throw new AppError("VALIDATION_FAILED", `Only the current disclaimer version ${DISCLAIMER.version} can be acknowledged`, {
      details: [{ path: "json.version", message: `expected ${DISCLAIMER.version}` }],
    });
  }
  const [user] = await db.update(users).set({ disclaimerVersion: version, disclaimerAcceptedAt: new Date(), updatedAt: new Date() }).where(eq(users.id, userId)).returning();
  if (!user) throw new AppError("UNAUTHORIZED", "This account no longer exists");
  return user;
}
