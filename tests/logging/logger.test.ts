import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { Logger } from "../../src/logging";
import type { LogLevel } from "../../src/config";

function collectingLogger(options: { level?: LogLevel; format?: "json" | "simple"; secretValues?: string[] } = {}) {
  const lines: { level: LogLevel; line: string }[] = [];
  const logger = new Logger({
    level: options.level ?? "silly",
    format: options.format ?? "json",
    secretValues: options.secretValues ?? [],
    sink: (level, line) => void lines.push({ level, line }),
  });
  return { logger, lines };
}

describe("logger", () => {
  it("writes one JSON object per line with time, level, msg, requestId and fields", () => {
    const { logger, lines } = collectingLogger();
    logger.forRequest("req-1").info("chat answered", { provider: "openai", latencyMs: 120 });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!.line);
    expect(entry).toEqual({ time: expect.any(String), level: "info", msg: "chat answered", requestId: "req-1", fields: { provider: "openai", latencyMs: 120 } });
    expect(new Date(entry.time).toISOString()).toBe(entry.time);
  });

  it("writes readable one-liners in simple format", () => {
    const { logger, lines } = collectingLogger({ format: "simple" });
    logger.forRequest("req-2").warn("circuit opened", { provider: "anthropic", failures: 5 });
    expect(lines[0]!.line).toMatch(/^\S+Z WARN \[req-2\] circuit opened provider=anthropic failures=5$/);
  });

  it("drops lines below the configured level, across all seven levels", () => {
    const { logger, lines } = collectingLogger({ level: "http" });
    for (const level of ["error", "warn", "info", "http", "verbose", "debug", "silly"] as const) logger.log(level, level);
    expect(lines.map((entry) => entry.level)).toEqual(["error", "warn", "info", "http"]);
  });

  it("never lets keys, tokens, passwords or Authorization headers through", () => {
    const secrets = ["sk-proj-0123456789abcdefABCDEF", "upstash-token-xyz", "hunter2-db-password"];
    const { logger, lines } = collectingLogger({ secretValues: secrets });
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLXZhbHVl";
    logger.error(`upstream said: invalid key ${secrets[0]}`, {
      headers: new Headers({ Authorization: `Bearer ${jwt}`, "X-Api-Key": "abc123def456", Accept: "application/json" }),
      body: { email: "a@b.c", password: "correct horse battery", refreshToken: "rt-1234567890" },
      url: `postgres://app:${secrets[2]}@db.example.com/numira`,
      note: `token was ${secrets[1]} and header Bearer ${jwt}`,
      error: new Error(`connect failed for ${secrets[2]}`),
    });
    const text = lines.map((entry) => entry.line).join("\n");
    for (const secret of [...secrets, jwt, "abc123def456", "correct horse battery", "rt-1234567890"]) expect(text).not.toContain(secret);
    expect(text).toContain("application/json");
    expect(text).toContain("[REDACTED]");
  });
});

describe("request logger", () => {
  it("scrubs personal identifiers as well as secrets from every line a request writes", async () => {
    const lines: string[] = [];
    const app = createApp({ logSink: (_level, line) => void lines.push(line) });
    app.get("/echo-log", (c) => {
      c.var.logger.info("user wrote", { text: "call me on 415-555-0134 or mail robin.h@example.com, I live at 12 Oak Street" });
      return c.text("ok");
    });
    const ctx = createExecutionContext();
    await app.fetch(new Request("http://api.test/echo-log"), { ...env, LOG_LEVEL: "info" }, ctx);
    await waitOnExecutionContext(ctx);
    const text = lines.join("\n");
    expect(text).toContain("user wrote");
    for (const identifier of ["415-555-0134", "robin.h@example.com", "12 Oak Street"]) expect(text).not.toContain(identifier);
  });
});
