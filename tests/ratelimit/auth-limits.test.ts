import { describe, expect, it } from "vitest";
import { captureLogs, isolatedEnv, testClient } from "../helpers/app";
import { jsonPost, PASSWORD, uniqueEmail } from "../helpers/auth";

interface ErrorEnvelope {
  error: { code: string; message: string };
}

describe("brute-force limits on register and login", () => {
  it("limits login attempts per email across IPs with 429, Retry-After and RateLimit headers", async () => {
    const request = testClient(await isolatedEnv({ RATE_LIMIT_AUTH_PER_EMAIL: "3", RATE_LIMIT_AUTH_PER_IP: "1000", RATE_LIMIT_AUTH_WINDOW: "60" }));
    const email = uniqueEmail();
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let attempt = 0; attempt < 4; attempt += 1) {
      last = await request("/api/auth/login", jsonPost({ email, password: "wrong-password" }, { "CF-Connecting-IP": `10.2.0.${attempt}` }));
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(Number(last!.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(Number(last!.headers.get("Retry-After"))).toBeLessThanOrEqual(60);
    expect(last!.headers.get("RateLimit-Policy")).toBe('"auth-email";q=3;w=60');
    expect(last!.headers.get("RateLimit")).toMatch(/^"auth-email";r=0;t=\d+$/);
    expect((await last!.json<ErrorEnvelope>()).error.code).toBe("RATE_LIMITED");

    const otherEmail = await request("/api/auth/login", jsonPost({ email: uniqueEmail(), password: "wrong-password" }, { "CF-Connecting-IP": "10.2.0.9" }));
    expect(otherEmail.status).toBe(401);
  });

  it("limits register and login together per IP, whatever the email", async () => {
    // A day-long window, so the requests cannot straddle a window boundary and start counting afresh.
    const request = testClient(await isolatedEnv({ RATE_LIMIT_AUTH_PER_IP: "2", RATE_LIMIT_AUTH_PER_EMAIL: "1000", RATE_LIMIT_AUTH_WINDOW: "86400" }));
    const ip = { "CF-Connecting-IP": "10.3.0.1" };
    expect((await request("/api/auth/register", jsonPost({ email: uniqueEmail(), password: PASSWORD }, ip))).status).toBe(201);
    const allowed = await request("/api/auth/login", jsonPost({ email: uniqueEmail(), password: PASSWORD }, ip));
    expect(allowed.status).toBe(401);
    expect(allowed.headers.get("RateLimit")).toMatch(/^"auth-ip";r=0;t=\d+$/);
    const limited = await request("/api/auth/register", jsonPost({ email: uniqueEmail(), password: PASSWORD }, ip));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("RateLimit-Policy")).toBe('"auth-ip";q=2;w=86400');
    expect((await request("/api/auth/register", jsonPost({ email: uniqueEmail(), password: PASSWORD }, { "CF-Connecting-IP": "10.3.0.2" }))).status).toBe(201);
  });

  it("shares counters between separate app instances (isolates)", async () => {
    const bindings = await isolatedEnv({ RATE_LIMIT_AUTH_PER_EMAIL: "2", RATE_LIMIT_AUTH_PER_IP: "1000" });
    const [first, second] = [testClient(bindings), testClient({ ...bindings })];
    const email = uniqueEmail();
    expect((await first("/api/auth/login", jsonPost({ email, password: "nope-nope" }))).status).toBe(401);
    expect((await second("/api/auth/login", jsonPost({ email, password: "nope-nope" }))).status).toBe(401);
    expect((await first("/api/auth/login", jsonPost({ email, password: "nope-nope" }))).status).toBe(429);
  });

  it("allows requests, and logs it, when Redis is unreachable", async () => {
    const logs = captureLogs();
    const request = testClient(await isolatedEnv({ UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9", RATE_LIMIT_AUTH_PER_EMAIL: "1" }), { logSink: logs.sink });
    const email = uniqueEmail();
    expect((await request("/api/auth/register", jsonPost({ email, password: PASSWORD }))).status).toBe(201);
    expect((await request("/api/auth/login", jsonPost({ email, password: PASSWORD }))).status).toBe(200);
    const warnings = logs.lines.filter((entry) => entry.level === "warn" && entry.line.includes("rate limiter unavailable"));
    expect(warnings.length).toBeGreaterThanOrEqual(2);
  });
});

describe("per-IP limit on every route", () => {
  it("answers 429 with RateLimit headers past the limit, and never limits /api/health", async () => {
    const request = testClient(await isolatedEnv({ RATE_LIMIT_PER_IP: "3", RATE_LIMIT_WINDOW: "60" }));
    const ip = { headers: { "CF-Connecting-IP": "10.4.0.1" } };
    const statuses: number[] = [];
    for (let index = 0; index < 4; index += 1) statuses.push((await request("/api/personas", ip)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await request("/api/rooms", ip);
    expect(limited.headers.get("RateLimit-Policy")).toBe('"ip";q=3;w=60');
    expect(limited.headers.get("Retry-After")).toMatch(/^\d+$/);
    for (let index = 0; index < 5; index += 1) expect((await request("/api/health", ip)).status).toBe(200);
    expect((await request("/api/personas", { headers: { "CF-Connecting-IP": "10.4.0.2" } })).status).toBe(200);
  });
});
