import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { captureLogs, testClient, type TestEnv } from "../helpers/app";

interface ErrorEnvelope {
  error: { code: string; message: string; requestId: string; details?: unknown };
}

describe("HTTP basics", () => {
  const request = testClient();

  it("answers an unknown route with a 404 envelope carrying the request id", async () => {
    const response = await request("/api/nope");
    expect(response.status).toBe(404);
    const body = await response.json<ErrorEnvelope>();
    expect(body.error).toMatchObject({ code: "NOT_FOUND", message: "No route for GET /api/nope" });
    expect(body.error.requestId).toBe(response.headers.get("X-Request-Id"));
  });

  it("answers a wrong method with 405 and an Allow header", async () => {
    const response = await request("/api/health", { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toContain("GET");
    expect((await response.json<ErrorEnvelope>()).error.code).toBe("METHOD_NOT_ALLOWED");
  });

  it("echoes a well-formed incoming X-Request-Id and replaces a malformed one", async () => {
    const echoed = await request("/api/nope", { headers: { "X-Request-Id": "client-abc_123" } });
    expect(echoed.headers.get("X-Request-Id")).toBe("client-abc_123");
    const replaced = await request("/api/nope", { headers: { "X-Request-Id": "bad id <script>" } });
    expect(replaced.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers 413 for a body over the configured limit, before any handler reads it", async () => {
    const limited = testClient({ ...(env as TestEnv), REQUEST_BODY_LIMIT: "1024" });
    const direct = await limited("/api/nope", { method: "POST", body: "x".repeat(4096), headers: { "Content-Type": "application/json" } });
    expect(direct.status).toBe(413);
    expect((await direct.json<ErrorEnvelope>()).error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: "Request body exceeds the limit of 1024 bytes" });
  });

  it("answers 503 CONFIG_INVALID on every route but health when the configuration is invalid, and logs why once", async () => {
    const logs = captureLogs();
    const broken = testClient({ ...(env as TestEnv), OPENAI_TIMEOUT: "soon" }, { logSink: logs.sink });
    const first = await broken("/api/openapi.json");
    await broken("/api/openapi.json");
    expect(first.status).toBe(503);
    expect((await first.json<ErrorEnvelope>()).error.code).toBe("CONFIG_INVALID");
    const configLines = logs.lines.filter((entry) => entry.line.includes("configuration is invalid"));
    expect(configLines).toHaveLength(1);
    expect(configLines[0]!.line).toContain('OPENAI_TIMEOUT must be a whole number from 100 to 600000 (milliseconds) (got \\"soon\\")');
  });

  it("logs one http line per request with method, path, status and duration", async () => {
    const logs = captureLogs();
    const logged = testClient({ ...(env as TestEnv), LOG_LEVEL: "http" }, { logSink: logs.sink });
    await logged("/api/nope", { headers: { Authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln" } });
    const httpLines = logs.lines.filter((entry) => entry.level === "http").map((entry) => JSON.parse(entry.line));
    expect(httpLines).toHaveLength(1);
    expect(httpLines[0].fields).toEqual({ method: "GET", path: "/api/nope", status: 404, durationMs: expect.any(Number) });
    expect(logs.text()).not.toContain("eyJhbGciOiJIUzI1NiJ9");
  });

  it("sets security headers and CORS from configuration", async () => {
    const restricted = testClient({ ...(env as TestEnv), CORS_ORIGINS: "https://app.numira.app" });
    const allowed = await restricted("/api/openapi.json", { headers: { Origin: "https://app.numira.app" } });
    expect(allowed.headers.get("Access-Control-Allow-Origin")).toBe("https://app.numira.app");
    expect(allowed.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(allowed.headers.get("Strict-Transport-Security")).toContain("max-age=");
    const foreign = await restricted("/api/openapi.json", { headers: { Origin: "https://evil.example" } });
    expect(foreign.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("serves the OpenAPI document generated from the route schemas", async () => {
    const response = await request("/api/openapi.json");
    expect(response.status).toBe(200);
    const document = await response.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(document.openapi).toBe("3.1.0");
    expect(document.paths["/api/health"]).toBeDefined();
  });
});
