import { sign, verify } from "hono/jwt";
import { JwtTokenSignatureMismatched } from "hono/utils/jwt/types";
import type { Config } from "../config";

export type Role = "user" | "admin";

/** The claims of an access token, as the API uses them. */
export interface AccessClaims {
  userId: string;
  role: Role;
  sessionId: string;
  tokenId: string;
  expiresAt: number;
}

type AuthConfig = Config["auth"];

export async function issueAccessToken(config: AuthConfig, subject: { userId: string; role: Role; sessionId: string }, nowSeconds = Math.floor(Date.now() / 1000)) {
  const expiresAt = nowSeconds + config.accessTokenTtlSeconds;
  const token = await sign(
    {
      sub: subject.userId,
      role: subject.role,
      sid: subject.sessionId,
      jti: crypto.randomUUID(),
      iss: config.issuer,
      aud: config.audience,
      iat: nowSeconds,
      exp: expiresAt,
    },
    config.jwtSecret,
    "HS256",
  );
  return { token, expiresAt };
}

/**
 * Verifies signature (HS256 only: `none` and every other algorithm are refused), expiry,
 * issuer and audience. During a JWT_SECRET rotation a token signed with JWT_SECRET_PREVIOUS
 * still verifies. Throws on any failure; the caller answers 401.
 */
export async function verifyAccessToken(config: AuthConfig, token: string): Promise<AccessClaims> {
  const options = { alg: "HS256", iss: config.issuer, aud: config.audience } as const;
  const payload = await verify(token, config.jwtSecret, options).catch((error: unknown) => {
    if (config.previousJwtSecret && error instanceof JwtTokenSignatureMismatched) return verify(token, config.previousJwtSecret, options);
    throw error;
  });
  const { sub, role, sid, jti, exp } = payload;
  if (typeof sub !== "string" || typeof sid !== "string" || typeof jti !== "string" || typeof exp !== "number" || (role !== "user" && role !== "admin")) {
    throw new Error("access token is missing required claims");
  }
  return { userId: sub, role, sessionId: sid, tokenId: jti, expiresAt: exp };
}

/** An opaque refresh token: 256 random bits, base64url. Only its SHA-256 is stored. */
export function newRefreshToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function hashRefreshToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
