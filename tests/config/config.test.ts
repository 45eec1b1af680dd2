import { describe, expect, it } from "vitest";
import { parseConfig, SETTING_NAMES } from "../../src/config";

const REQUIRED = {
  DATABASE_URL: "postgres://app:s3cret-pw@db.example.com/numira",
  UPSTASH_REDIS_REST_URL: "https://cache.example.com",
  UPSTASH_REDIS_REST_TOKEN: "upstash-token-value",
  JWT_SECRET: "a-jwt-secret-of-at-least-thirty-two-characters",
};

function issuesFor(overrides: Record<string, unknown>): string[] {
  const result = parseConfig({ ...REQUIRED, ...overrides });
  return result.ok ? [] : result.issues.map((issue) => issue.message);
}

describe("configuration", () => {
  it("applies the maintenance guide's defaults", () => {
    const result = parseConfig(REQUIRED);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { config } = result;
    expect(config.ai.primary).toBe("openai");
    expect(config.ai.providers.openai).toMatchObject({ model: "gpt-4", temperature: 0.7, maxTokens: 1000, timeoutMs: 30_000, apiKey: undefined });
    expect(config.ai.providers.anthropic).toMatchObject({ model: "claude-2", temperature: 0.7, maxTokens: 1000, timeoutMs: 30_000 });
    expect(config.breaker).toEqual({
      failureThreshold: 5,
      resetTimeoutMs: 30_000,
      halfOpenSuccessThreshold: 2,
      failureWindowMs: 60_000,
      halfOpenMaxProbes: 2,
      probeLeaseMs: 60_000,
      isolateCacheTtlMs: 1000,
    });
    expect(config.cache).toMatchObject({ enabled: true, defaultTtlSeconds: 3600, aiResponseTtlSeconds: 86_400, personaTtlSeconds: 3600, roomTtlSeconds: 3600 });
    expect(config.log).toEqual({ level: "info", format: "json" });
    expect(config.http.corsOrigins).toBe("*");
  });

  it("reads numbers, booleans and lists from their text form", () => {
    const result = parseConfig({
      ...REQUIRED,
      AI_PROVIDER: "Anthropic",
      ANTHROPIC_TEMPERATURE: "0.2",
      OPENAI_TIMEOUT: 5000,
      CACHE_ENABLED: "false",
      CORS_ORIGINS: "https://app.numira.app, https://admin.numira.app",
      OPENAI_BASE_URL: "http://127.0.0.1:9999/v1",
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.config.ai.primary).toBe("anthropic");
    expect(result.config.ai.providers.anthropic.temperature).toBe(0.2);
    expect(result.config.ai.providers.openai.timeoutMs).toBe(5000);
    expect(result.config.ai.providers.openai.baseUrl).toBe("http://127.0.0.1:9999/v1");
    expect(result.config.cache.enabled).toBe(false);
    expect(result.config.http.corsOrigins).toEqual(["https://app.numira.app", "https://admin.numira.app"]);
  });

  it.each([
    [{ LOG_LEVEL: "loud" }, 'LOG_LEVEL must be one of error, warn, info, http, verbose, debug, silly (got "loud")'],
    [{ LOG_FORMAT: "xml" }, 'LOG_FORMAT must be one of json, simple (got "xml")'],
    [{ OPENAI_TEMPERATURE: "7" }, 'OPENAI_TEMPERATURE must be a number from 0 to 2 (got "7")'],
    [{ ANTHROPIC_TEMPERATURE: "1.5" }, 'ANTHROPIC_TEMPERATURE must be a number from 0 to 1 (got "1.5")'],
    [{ OPENAI_TIMEOUT: "soon" }, 'OPENAI_TIMEOUT must be a whole number from 100 to 600000 (milliseconds) (got "soon")'],
    [{ CIRCUIT_BREAKER_FAILURE_THRESHOLD: "2.5" }, 'CIRCUIT_BREAKER_FAILURE_THRESHOLD must be a whole number from 1 to 1000 (got "2.5")'],
    [{ CACHE_ENABLED: "maybe" }, 'CACHE_ENABLED must be true or false (got "maybe")'],
    [{ AI_PROVIDER: "gemini" }, 'AI_PROVIDER must be one of openai, anthropic (got "gemini")'],
    [{ CORS_ORIGINS: "app.numira.app" }, 'CORS_ORIGINS must be "*" or a comma-separated list of origins such as https://app.numira.app (got "app.numira.app")'],
  ])("explains an invalid value: %o", (overrides, message) => {
    expect(issuesFor(overrides)).toEqual([message]);
  });

  it("names every missing required setting", () => {
    const result = parseConfig({});
    expect(result.ok).toBe(false);
    const variables = result.ok ? [] : result.issues.map((issue) => issue.variable);
    expect(variables.sort()).toEqual(["DATABASE_URL", "JWT_SECRET", "UPSTASH_REDIS_REST_TOKEN", "UPSTASH_REDIS_REST_URL"]);
    expect(issuesFor({ JWT_SECRET: undefined })).toEqual(["JWT_SECRET is required: set it to a random string of at least 32 characters"]);
  });

  it("never echoes a secret's value in a message", () => {
    const issues = issuesFor({ JWT_SECRET: "short-secret", DATABASE_URL: "mysql://user:hunter22@db/x" });
    expect(issues).toHaveLength(2);
    expect(issues.join(" ")).not.toContain("short-secret");
    expect(issues.join(" ")).not.toContain("hunter22");
  });

  it("collects the secret values the logger must scrub, including the database password", () => {
    const result = parseConfig({ ...REQUIRED, OPENAI_API_KEY: "sk-live-abcdef" });
    if (!result.ok) throw new Error("expected a valid config");
    expect(result.config.secretValues).toEqual(expect.arrayContaining(["sk-live-abcdef", "s3cret-pw", REQUIRED.JWT_SECRET, REQUIRED.UPSTASH_REDIS_REST_TOKEN]));
  });
});

describe(".dev.vars.example", () => {
  it("documents every setting the Worker reads", async () => {
    const { default: example } = await import("../../.dev.vars.example?raw");
    const documented = new Set([...example.matchAll(/^#?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]));
    expect(SETTING_NAMES.filter((name) => !documented.has(name))).toEqual([]);
  });
});
