import { describe, expect, it } from "vitest";
import { isolatedEnv, testClient } from "../helpers/app";
import { bearer, registerAdmin, registerUser } from "../helpers/auth";

interface ErrorEnvelope {
  error: { code: string };
}

describe("maintenance mode", () => {
  it("answers 503 with Retry-After to users while health, token routes and admin routes keep working", async () => {
    const bindings = await isolatedEnv({ RATE_LIMIT_AUTH_PER_IP: "1000" });
    const normal = testClient(bindings);
    const user = await registerUser(normal);
    const admin = await registerAdmin(normal, bindings);

    const maintenance = testClient({ ...bindings, MAINTENANCE_MODE: "true", MAINTENANCE_RETRY_AFTER: "120" });
    const blocked = await maintenance("/api/auth/me", bearer(user.accessToken));
    expect(blocked.status).toBe(503);
    expect(blocked.headers.get("Retry-After")).toBe("120");
    expect((await blocked.json<ErrorEnvelope>()).error.code).toBe("MAINTENANCE");
    expect((await maintenance("/api/personas")).status).toBe(503);

    expect((await maintenance("/api/health")).status).toBe(200);
    expect((await maintenance("/api/llm/status", bearer(admin.accessToken))).status).toBe(200);
    expect((await maintenance("/api/llm/status", bearer(user.accessToken))).status).toBe(403);
    const login = await maintenance("/api/auth/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: admin.user.email, password: "correct horse battery staple" }) });
    expect(login.status).toBe(200);
  });
});

describe("JWT_SECRET rotation", () => {
  it("accepts tokens signed with JWT_SECRET_PREVIOUS during the grace period, and refuses them after", async () => {
    const bindings = await isolatedEnv({ RATE_LIMIT_AUTH_PER_IP: "1000" });
    const oldSecret = String(bindings.JWT_SECRET);
    const newSecret = "a-brand-new-jwt-secret-after-rotation-0123456789";
    const grant = await registerUser(testClient(bindings));

    const during = testClient({ ...bindings, JWT_SECRET: newSecret, JWT_SECRET_PREVIOUS: oldSecret });
    expect((await during("/api/auth/me", bearer(grant.accessToken))).status).toBe(200);
    const refreshed = await during("/api/auth/refresh", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ refreshToken: grant.refreshToken }) });
    const fresh = await refreshed.json<{ accessToken: string }>();

    const after = testClient({ ...bindings, JWT_SECRET: newSecret });
    expect((await after("/api/auth/me", bearer(grant.accessToken))).status).toBe(401);
    expect((await after("/api/auth/me", bearer(fresh.accessToken))).status).toBe(200);
  });
});
