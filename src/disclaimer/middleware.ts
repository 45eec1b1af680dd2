import type { MiddlewareHandler } from "hono";
import { findUserById } from "../auth/users";
import type { AppEnv } from "../http/app-env";
import { AppError } from "../http/errors";
import { DISCLAIMER } from "./content";
import { disclaimerStatus } from "./status";

/** After requireAuth: 403 DISCLAIMER_REQUIRED / DISCLAIMER_EXPIRED until the current disclaimer is accepted. */
export function requireDisclaimer(): MiddlewareHandler<AppEnv> {
  return async function requireDisclaimer(c, next) {
    const user = await findUserById(c.var.services.db, c.var.auth.userId);
    if (!user) throw new AppError("UNAUTHORIZED", "This account no longer exists");
    const status = disclaimerStatus(user);
    if (status.state === "required") {
      throw new AppError("DISCLAIMER_REQUIRED", `Accept disclaimer ${DISCLAIMER.version} first: POST /api/disclaimer/acknowledge`);
    }
    if (status.state === "expired") {
      throw new AppError("DISCLAIMER_EXPIRED", `Your acceptance expired on ${status.validUntil}; accept disclaimer ${DISCLAIMER.version} again`);
    }
    await next();
  };
}
