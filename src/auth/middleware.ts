import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/app-env";
import { AppError } from "../http/errors";
import { sessionHoldsRole } from "./sessions";
import { verifyAccessToken, type AccessClaims, type Role } from "./tokens";

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

/** The bearer token of the request, if it carries a well-formed one. */
function bearerToken(c: Context<AppEnv>): string | undefined {
  return BEARER.exec(c.req.header("Authorization") ?? "")?.[1];
}

/** For public routes that show more to signed-in callers: the verified claims, or undefined for anyone else. */
export async function optionalAccessClaims(c: Context<AppEnv>): Promise<AccessClaims | undefined> {
  const token = bearerToken(c);
  return token ? verifyAccessToken(c.var.services.config.auth, token).catch(() => undefined) : undefined;
}

function unauthorized(message: string, error: "invalid_request" | "invalid_token"): AppError {
  return new AppError("UNAUTHORIZED", message, { headers: { "WWW-Authenticate": `Bearer realm="numira", error="${error}"` } });
}

/** Requires a valid access token (signature, expiry, issuer, audience) and exposes its claims as `auth`. */
export function requireAuth(): MiddlewareHandler<AppEnv> {
  return async function requireAuth(c, next) {
    const token = bearerToken(c);
    if (!token) throw unauthorized("A bearer access token is required", "invalid_request");
    try {
      c.set("auth", await verifyAccessToken(c.var.services.config.auth, token));
    } catch {
      throw unauthorized("The access token is invalid or expired", "invalid_token");
    }
    await next();
  };
}

/**
 * Requires the role, after requireAuth. For admins the session and the role are also checked
 * against the database, so a revoked session or a demotion takes effect at once rather than
 * at token expiry.
 */
export function requireRole(role: Role): MiddlewareHandler<AppEnv> {
  return async function requireRole(c, next) {
    const auth = c.var.auth;
    if (auth.role !== role) throw new AppError("FORBIDDEN", `This needs the ${role} role`);
    if (role === "admin" && !(await sessionHoldsRole(c.var.services.db, auth.sessionId, role))) {
      throw unauthorized("This session has been revoked or no longer holds the admin role", "invalid_token");
    }
    await next();
  };
}
