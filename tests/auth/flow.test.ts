import { beforeAll, describe, expect, it } from "vitest";
import { captureLogs, isolatedEnv, testClient, type TestEnv } from "../helpers/app";
import { bearer, jsonPost, PASSWORD, uniqueEmail, type Grant, type Request } from "../helpers/auth";

describe("authentication flow", () => {
  let bindings: TestEnv;
  let request: Request;
  const logs = captureLogs();

  beforeAll(async () => {
    bindings = await isolatedEnv({ LOG_LEVEL: "silly", RATE_LIMIT_AUTH_PER_IP: "1000", RATE_LIMIT_AUTH_PER_EMAIL: "1000" });
    request = testClient(bindings, { logSink: logs.sink });
  });

  it("registers, logs in, reads me, rotates, detects replay and logs out everywhere", async () => {
    const email = uniqueEmail();
    const registered = await request("/api/auth/register", jsonPost({ email, password: PASSWORD, displayName: "Sam" }));
    expect(registered.status).toBe(201);
    const first = await registered.json<Grant>();
    expect(first.user).toMatchObject({ email, role: "user", displayName: "Sam" });
    expect(first.expiresIn).toBeGreaterThan(800);

    const login = await request("/api/auth/login", jsonPost({ email: email.toUpperCase(), password: PASSWORD }));
    expect(login.status).toBe(200);
    const second = await login.json<Grant>();

    const me = await request("/api/auth/me", bearer(second.accessToken));
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: first.user.id, email, disclaimer: { state: "required" } });

    const rotated = await request("/api/auth/refresh", jsonPost({ refreshToken: second.refreshToken }));
    expect(rotated.status).toBe(200);
    const third = await rotated.json<Grant>();
    expect(third.refreshToken).not.toBe(second.refreshToken);

    const replay = await request("/api/auth/refresh", jsonPost({ refreshToken: second.refreshToken }));
    expect(replay.status).toBe(401);
    const chainAfterReplay = await request("/api/auth/refresh", jsonPost({ refreshToken: third.refreshToken }));
    expect(chainAfterReplay.status).toBe(401);

    const firstSessionStillWorks = await request("/api/auth/refresh", jsonPost({ refreshToken: first.refreshToken }));
    expect(firstSessionStillWorks.status).toBe(200);
    const fourth = await firstSessionStillWorks.json<Grant>();

    const logoutAll = await request("/api/auth/logout-all", bearer(fourth.accessToken, { method: "POST" }));
    expect(logoutAll.status).toBe(200);
    expect(await logoutAll.json()).toEqual({ revokedSessions: 1 });
    expect((await request("/api/auth/refresh", jsonPost({ refreshToken: fourth.refreshToken }))).status).toBe(401);
  });

  it("lets exactly one of two concurrent refreshes with the same token win", async () => {
    const email = uniqueEmail();
    const grant = await (await request("/api/auth/register", jsonPost({ email, password: PASSWORD }))).json<Grant>();
    const results = await Promise.all([0, 1].map(() => request("/api/auth/refresh", jsonPost({ refreshToken: grant.refreshToken }))));
    expect(results.map((response) => response.status).sort()).toEqual([200, 401]);
  });

  it("ends one session with logout, leaving the others", async () => {
    const email = uniqueEmail();
    const a = await (await request("/api/auth/register", jsonPost({ email, password: PASSWORD }))).json<Grant>();
    const b = await (await request("/api/auth/login", jsonPost({ email, password: PASSWORD }))).json<Grant>();
    expect((await request("/api/auth/logout", bearer(a.accessToken, { method: "POST" }))).status).toBe(200);
    expect((await request("/api/auth/refresh", jsonPost({ refreshToken: a.refreshToken }))).status).toBe(401);
    expect((await request("/api/auth/refresh", jsonPost({ refreshToken: b.refreshToken }))).status).toBe(200);
  });

  it("refuses a duplicate email in any letter case with 409", async () => {
    const email = uniqueEmail();
    expect((await request("/api/auth/register", jsonPost({ email, password: PASSWORD }))).status).toBe(201);
    const duplicate = await request("/api/auth/register", jsonPost({ email: email.toUpperCase(), password: PASSWORD }));
    expect(duplicate.status).toBe(409);
    expect((await duplicate.json<{ error: { code: string } }>()).error.code).toBe("EMAIL_TAKEN");
  });

  it.each([
    ["short", "Password must be at least 8 characters"],
    ["x".repeat(257), "Password must be at most 256 characters"],
  ])("refuses a weak password with 400 naming the rule", async (password, rule) => {
    const response = await request("/api/auth/register", jsonPost({ email: uniqueEmail(), password }));
    expect(response.status).toBe(400);
    const body = await response.json<{ error: { details: { path: string; message: string }[] } }>();
    expect(body.error.details).toEqual([{ path: "json.password", message: rule }]);
  });

  it("answers an unknown email and a wrong password identically", async () => {
    const email = uniqueEmail();
    await request("/api/auth/register", jsonPost({ email, password: PASSWORD }));
    const wrongPassword = await request("/api/auth/login", jsonPost({ email, password: "not the password" }));
    const unknownEmail = await request("/api/auth/login", jsonPost({ email: uniqueEmail(), password: PASSWORD }));
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    const strip = (body: { error: { requestId: string } }) => ({ ...body.error, requestId: undefined });
    expect(strip(await wrongPassword.json())).toEqual(strip(await unknownEmail.json()));
  });

  it("never puts a password, hash, token or secret into a response or a log line", async () => {
    const email = uniqueEmail();
    const registered = await request("/api/auth/register", jsonPost({ email, password: PASSWORD }));
    const registeredText = await registered.text();
    const grant = JSON.parse(registeredText) as Grant;
    const responses = [registeredText];
    for (const [path, init] of [
      ["/api/auth/login", jsonPost({ email, password: PASSWORD })],
      ["/api/auth/me", bearer(grant.accessToken)],
      ["/api/auth/refresh", jsonPost({ refreshToken: grant.refreshToken })],
      ["/api/auth/login", jsonPost({ email, password: "wrong password!" })],
    ] as const) {
      responses.push(await (await request(path, init)).text());
    }
    expect(responses.join("\n")).not.toMatch(/pbkdf2|passwordHash|password_hash/);
    expect(responses.join("\n")).not.toContain(PASSWORD);
    const logText = logs.text();
    expect(logs.lines.length).toBeGreaterThan(0);
    for (const secret of [PASSWORD, grant.accessToken, grant.refreshToken, bindings.JWT_SECRET, bindings.UPSTASH_REDIS_REST_TOKEN, "pbkdf2-sha256"]) {
      expect(logText).not.toContain(secret);
    }
  });
});
