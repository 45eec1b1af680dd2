import { beforeAll, describe, expect, it } from "vitest";
import { DISCLAIMER } from "../../src/disclaimer";
import { isolatedEnv, testClient, type TestEnv } from "../helpers/app";
import { bearer, hostileTokens, jsonPost, PASSWORD, registerAdmin, registerUser, uniqueEmail, type Grant, type Request } from "../helpers/auth";

type Access = "public" | "user" | "admin";

interface RouteCase {
  method: string;
  path: string;
  access: Access;
  /** A valid body, so that "allowed" shows as success rather than a domain error. */
  body?: (request: Request) => Promise<unknown>;
}

const SOME_UUID = "00000000-0000-4000-8000-000000000000";
const SOME_BACKUP_ID = "bk-20260101T000000Z-000000";

/**
 * Every route of the API and who may call it. The first test fails when a route exists
 * that this table does not list, so later routes must join the matrix.
 */
const ROUTES: RouteCase[] = [
  { method: "GET", path: "/api/health", access: "public" },
  { method: "GET", path: "/api/openapi.json", access: "public" },
  { method: "GET", path: "/api/disclaimer", access: "public" },
  { method: "POST", path: "/api/auth/register", access: "public", body: async () => ({ email: uniqueEmail(), password: PASSWORD }) },
  { method: "POST", path: "/api/auth/login", access: "public", body: async (request) => ({ email: (await registerUser(request)).user.email, password: PASSWORD }) },
  { method: "POST", path: "/api/auth/refresh", access: "public", body: async (request) => ({ refreshToken: (await registerUser(request)).refreshToken }) },
  { method: "GET", path: "/api/auth/me", access: "user" },
  { method: "POST", path: "/api/auth/logout", access: "user" },
  { method: "POST", path: "/api/auth/logout-all", access: "user" },
  { method: "GET", path: "/api/disclaimer/status", access: "user" },
  { method: "POST", path: "/api/disclaimer/acknowledge", access: "user", body: async () => ({ version: DISCLAIMER.version }) },
  { method: "POST", path: `/api/admin/users/${SOME_UUID}/revoke-sessions`, access: "admin" },
  { method: "GET", path: "/api/personas", access: "public" },
  { method: "GET", path: "/api/personas/ayla", access: "public" },
  { method: "GET", path: "/api/personas/ayla/rooms", access: "public" },
  { method: "GET", path: "/api/rooms", access: "public" },
  { method: "GET", path: "/api/rooms/mirrorRoom", access: "public" },
  { method: "GET", path: "/api/rooms/mirrorRoom/personas", access: "public" },
  { method: "PUT", path: "/api/admin/personas/ayla", access: "admin", body: async () => ({ tone: "warm, nurturing, gentle, empathetic" }) },
  { method: "PUT", path: "/api/admin/rooms/mirrorRoom", access: "admin", body: async () => ({ promptType: "open" }) },
  { method: "GET", path: "/api/conversations", access: "user" },
  { method: "GET", path: `/api/conversations/${SOME_UUID}`, access: "user" },
  { method: "DELETE", path: `/api/conversations/${SOME_UUID}`, access: "user" },
  { method: "POST", path: "/api/journals", access: "user", body: async () => ({ title: "Matrix", content: "Checking access" }) },
  { method: "GET", path: "/api/journals", access: "user" },
  { method: "GET", path: `/api/journals/${SOME_UUID}`, access: "user" },
  { method: "PATCH", path: `/api/journals/${SOME_UUID}`, access: "user", body: async () => ({ title: "Renamed" }) },
  { method: "DELETE", path: `/api/journals/${SOME_UUID}`, access: "user" },
  { method: "GET", path: "/api/admin/cache/stats", access: "admin" },
  { method: "DELETE", path: "/api/admin/cache/persona:ayla", access: "admin" },
  { method: "DELETE", path: "/api/admin/cache?prefix=ai:response:", access: "admin" },
  { method: "POST", path: "/api/admin/cache/flush", access: "admin" },
  { method: "GET", path: "/api/llm/status", access: "admin" },
  { method: "GET", path: "/api/llm/metrics?window=1h", access: "admin" },
  { method: "GET", path: "/api/system", access: "admin" },
  { method: "GET", path: "/api/admin/backups", access: "admin" },
  { method: "GET", path: `/api/admin/backups/${SOME_BACKUP_ID}`, access: "admin" },
  { method: "GET", path: `/api/admin/backups/${SOME_BACKUP_ID}/objects/users`, access: "admin" },
  { method: "POST", path: "/api/admin/backups", access: "admin" },
  { method: "GET", path: "/api/metrics?window=1h", access: "admin" },
  { method: "POST", path: "/api/llm/open/anthropic", access: "admin" },
  { method: "POST", path: "/api/llm/reset/anthropic", access: "admin" },
  { method: "POST", path: "/api/llm/reset-all", access: "admin" },
  { method: "POST", path: "/api/ai/chat", access: "user", body: async () => ({ personaId: "ayla", roomId: "mirrorRoom", message: `Checking in ${crypto.randomUUID()}` }) },
];

type Principal = "anonymous" | "user" | "admin" | "expired" | "forgedSignature" | "algNone" | "wrongIssuer" | "wrongAudience" | "revokedUserSession" | "revokedAdminSession";

/** What each principal gets: "allowed" means the auth layer let the request through. */
function expected(access: Access, principal: Principal): "allowed" | 401 | 403 {
  if (access === "public") return "allowed";
  if (principal === "admin") return "allowed";
  if (principal === "user") return access === "admin" ? 403 : "allowed";
  // Access tokens of a revoked session stay valid until they expire (15 min) on user routes;
  // admin routes check the session on every request.
  if (principal === "revokedUserSession") return access === "admin" ? 403 : "allowed";
  if (principal === "revokedAdminSession") return access === "admin" ? 401 : "allowed";
  return 401;
}

/** Users and admins in the matrix have accepted the disclaimer; its gate is tested on its own. */
async function acceptedDisclaimer(request: Request, grant: Grant): Promise<string> {
  await request("/api/disclaimer/acknowledge", bearer(grant.accessToken, jsonPost({ version: DISCLAIMER.version })));
  return grant.accessToken;
}

function toOpenApiPath(path: string): string {
  return path
    .split("?")[0]!
    .replace(SOME_UUID, "{id}")
    .replace(SOME_BACKUP_ID, "{id}")
    .replace(/\/objects\/users$/, "/objects/{table}")
    .replace(/^(\/api(?:\/admin)?\/(?:personas|rooms)\/)[a-zA-Z]+/, "$1{id}")
    .replace(/^(\/api\/llm\/(?:open|reset))\/[a-z]+$/, "$1/{provider}")
    .replace(/^\/api\/admin\/cache\/persona:ayla$/, "/api/admin/cache/{key}");
}

describe("authorization matrix", () => {
  let bindings: TestEnv;
  let request: Request;
  let tokens: Record<Exclude<Principal, "anonymous" | "user" | "admin">, string>;

  beforeAll(async () => {
    bindings = await isolatedEnv({ RATE_LIMIT_PER_IP: "100000", RATE_LIMIT_AUTH_PER_IP: "10000", RATE_LIMIT_AI_PER_MINUTE: "10000" });
    request = testClient(bindings);
    const victim = await registerUser(request);
    const revokedUser = await registerUser(request);
    await acceptedDisclaimer(request, revokedUser);
    await request("/api/auth/logout-all", bearer(revokedUser.accessToken, { method: "POST" }));
    const revokedAdmin = await registerAdmin(request, bindings);
    await acceptedDisclaimer(request, revokedAdmin);
    await request("/api/auth/logout-all", bearer(revokedAdmin.accessToken, { method: "POST" }));
    tokens = { ...(await hostileTokens(bindings, victim)), revokedUserSession: revokedUser.accessToken, revokedAdminSession: revokedAdmin.accessToken };
  });

  it("lists every route the API serves", async () => {
    const document = await (await request("/api/openapi.json")).json<{ paths: Record<string, Record<string, unknown>> }>();
    const served = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    const listed = ROUTES.map((route) => `${route.method} ${toOpenApiPath(route.path)}`);
    expect(served.filter((route) => !listed.includes(route))).toEqual([]);
  });

  const principals: Principal[] = ["anonymous", "user", "admin", "expired", "forgedSignature", "algNone", "wrongIssuer", "wrongAudience", "revokedUserSession", "revokedAdminSession"];
  const cases = ROUTES.flatMap((route) => principals.map((principal) => ({ route, principal, outcome: expected(route.access, principal) })));

  it.each(cases)("$route.method $route.path as $principal → $outcome", async ({ route, principal, outcome }) => {
    let token: string | undefined;
    if (principal === "user") token = await acceptedDisclaimer(request, await registerUser(request));
    else if (principal === "admin") token = await acceptedDisclaimer(request, await registerAdmin(request, bindings));
    else if (principal !== "anonymous") token = tokens[principal];
    const init: RequestInit = { method: route.method, headers: { "Content-Type": "application/json", "CF-Connecting-IP": "10.1.1.1" } };
    if (route.body) init.body = JSON.stringify(await route.body(request));
    const response = await request(route.path, token ? bearer(token, init) : init);
    if (outcome === "allowed") {
      // Past the auth layer: success, or the route's own 404 for a placeholder id.
      const passed = route.path.includes(SOME_UUID) || route.path.includes(SOME_BACKUP_ID) ? response.status === 404 : response.status < 300;
      expect(passed, `${response.status} ${await response.clone().text()}`).toBe(true);
    } else {
      expect(response.status).toBe(outcome);
      if (outcome === 401) expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer /);
    }
  });
});

describe("admin revocation of a user", () => {
  it("revokes every session of the user at once and records it in the audit log", async () => {
    const bindings = await isolatedEnv();
    const request = testClient(bindings);
    const admin = await registerAdmin(request, bindings);
    const target: Grant = await registerUser(request);
    const response = await request(`/api/admin/users/${target.user.id}/revoke-sessions`, bearer(admin.accessToken, { method: "POST" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ userId: target.user.id, revokedSessions: 1 });
    const refresh = await request("/api/auth/refresh", { method: "POST", body: JSON.stringify({ refreshToken: target.refreshToken }), headers: { "Content-Type": "application/json" } });
    expect(refresh.status).toBe(401);
    const unknown = await request(`/api/admin/users/${SOME_UUID}/revoke-sessions`, bearer(admin.accessToken, { method: "POST" }));
    expect(unknown.status).toBe(404);
  });
});
