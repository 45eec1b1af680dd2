import type { MiddlewareHandler } from "hono";
import { findUserById } from "../auth/users";
import type { Database } from "../db";
import type { AppEnv } from "../http/app-env";
import { AppError } from "../http/errors";
import { DISCLAIMER } from "./content";
import { disclaimerStatus } from "./status";

/** 403 DISCLAIMER_REQUIRED / DISCLAIMER_EXPIRED unless the user has accepted the current disclaimer. */
export async function requireAcceptedDisclaimer(db: Database, userId: string): Promise<void> {
  const user = await findUserById(db, userId);
  if (!user) throw new AppError("UNAUTHORIZED", "This account no longer exists");
  const status = disclaimerStatus(user);
  if (status.state === "required") {
    throw new AppError("DISCLAIMER_REQUIRED", `Accept disclaimer ${DISCLAIMER.version} first: POST /api/disclaimer/acknowledge`);
  }
  if (status.state === "expired") {
    throw new AppError("DISCLAIMER_EXPIRED", `Your acceptance expired on ${status.validUntil}; accept disclaimer ${DISCLAIMER.version} again`);
  }
}

/** After requireAuth: the route runs only for users who accepted the current disclaimer. */
export function requireDisclaimer(): MiddlewareHandler<AppEnv> {
  return async function requireDisclaimer(c, next) {
    await requireAcceptedDisclaimer(c.var.services.db, c.var.auth.userId);
    await next();
  };
}
