import { eq } from "drizzle-orm";
import { sign } from "hono/jwt";
import { loadConfig } from "../../src/config";
import { createDatabase } from "../../src/db";
import { users } from "../../src/db/schema";
import type { TestEnv } from "./app";

export type Request = (path: string, init?: RequestInit) => Promise<Response>;

export interface Grant {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { id: string; email: string; role: "user" | "admin" };
}

export const PASSWORD = "correct horse battery staple";

let counter = 0;
export function uniqueEmail(prefix = "user"): string {
  counter += 1;
  return `${prefix}-${counter}-${crypto.randomUUID().slice(0, 8)}@example.com`;
}

export function jsonPost(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json", ...headers } };
}

export function bearer(token: string, init: RequestInit = {}): RequestInit {
  return { ...init, headers: { ...(init.headers as Record<string, string> | undefined), Authorization: `Bearer ${token}` } };
}

/** Registers through the API, from an IP of its own so brute-force limits never interfere. */
export async function registerUser(request: Request, email = uniqueEmail()): Promise<Grant> {
  const response = await request("/api/auth/register", jsonPost({ email, password: PASSWORD }, { "CF-Connecting-IP": `10.0.${counter % 250}.${Math.floor(Math.random() * 250)}` }));
  if (response.status !== 201) throw new Error(`register failed: ${response.status} ${await response.text()}`);
  return response.json<Grant>();
}

export function configOf(bindings: TestEnv) {
  const result = loadConfig(bindings);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

/** Promotes directly in the database (what `npm run user:promote` does), then logs in for a token that carries the role. */
export async function registerAdmin(request: Request, bindings: TestEnv): Promise<Grant> {
  const grant = await registerUser(request, uniqueEmail("admin"));
  await createDatabase(configOf(bindings).database).update(users).set({ role: "admin" }).where(eq(users.id, grant.user.id));
  const login = await request("/api/auth/login", jsonPost({ email: grant.user.email, password: PASSWORD }, { "CF-Connecting-IP": "10.9.9.9" }));
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status}`);
  return login.json<Grant>();
}

function base64url(text: string): string {
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Tokens a client should never get past the API with. */
export async function hostileTokens(bindings: TestEnv, victim: Grant) {
  const { auth } = configOf(bindings);
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: victim.user.id, role: "admin", sid: crypto.randomUUID(), jti: crypto.randomUUID(), iss: auth.issuer, aud: auth.audience, iat: now };
  return {
    expired: await sign({ ...claims, role: victim.user.role, iat: now - 3600, exp: now - 60 }, auth.jwtSecret, "HS256"),
    forgedSignature: await sign({ ...claims, exp: now + 600 }, "another-secret-that-is-long-enough-000000", "HS256"),
    algNone: `${base64url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${base64url(JSON.stringify({ ...claims, exp: now + 600 }))}.`,
    wrongIssuer: await sign({ ...claims, iss: "someone-else", exp: now + 600 }, auth.jwtSecret, "HS256"),
    wrongAudience: await sign({ ...claims, aud: "another-app", exp: now + 600 }, auth.jwtSecret, "HS256"),
  };
}
