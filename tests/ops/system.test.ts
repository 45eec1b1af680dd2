import { describe, expect, it } from "vitest";
import { isolatedEnv, testClient, type TestEnv } from "../helpers/app";
import { bearer, registerAdmin } from "../helpers/auth";

const KNOWN_SECRETS = {
  JWT_SECRET: "system-report-jwt-secret-0123456789-abcdefghij",
  JWT_SECRET_PREVIOUS: "system-report-previous-secret-0123456789-abcd",
  OPENAI_API_KEY: "sk-system-report-openai-key-0123456789",
  ANTHROPIC_API_KEY: "sk-ant-system-report-anthropic-key-0123",
};

interface SystemReport {
  build: { version: string; commit: string; builtAt: string | null; compatibilityDate: string | null };
  environment: string;
  bindings: Record<string, boolean>;
  dependencies: { database: { status: string; via: string }; cache: { status: string; latencyMs: number; namespace: string }; providers: { name: string; configured: boolean; primary: boolean }[] };
  configuration: Record<string, unknown>;
  migrations: { applied: string; expected: string; upToDate: boolean };
  breakers: Record<string, { state: string }>;
  lastBackup: unknown;
}

describe("GET /api/system", () => {
  it("reports build, environment, bindings, effective settings, migrations, breakers and cache without any secret value", async () => {
    const base = await isolatedEnv({ RATE_LIMIT_AUTH_PER_IP: "1000" });
    const bindings: TestEnv = { ...base, ...KNOWN_SECRETS };
    const request = testClient(bindings);
    const admin = await registerAdmin(request, bindings);

    const response = await request("/api/system", bearer(admin.accessToken));
    expect(response.status).toBe(200);
    const text = await response.text();
    const secrets = [...Object.values(KNOWN_SECRETS), String(bindings.DATABASE_URL), String(bindings.UPSTASH_REDIS_REST_TOKEN)];
    for (const secret of secrets) expect(text).not.toContain(secret);

    const report = JSON.parse(text) as SystemReport;
    expect(report.build.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.build.commit).toMatch(/^([0-9a-f]{7,40}|unknown)$/);
    expect(report.build.compatibilityDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(report.environment).toBe("development");
    expect(report.bindings).toEqual({ CIRCUIT_BREAKER: true, BACKUPS: true });
    expect(report.dependencies.database).toMatchObject({ status: "ok", via: "local stand-in" });
    expect(report.dependencies.cache).toMatchObject({ status: "ok", namespace: bindings.CACHE_NAMESPACE, latencyMs: expect.any(Number) });
    expect(report.dependencies.providers.map((provider) => [provider.name, provider.configured, provider.primary])).toEqual([
      ["openai", true, true],
      ["anthropic", true, false],
    ]);
    expect(report.configuration).toMatchObject({ JWT_SECRET: "[redacted]", JWT_SECRET_PREVIOUS: "[redacted]", OPENAI_API_KEY: "[redacted]", DATABASE_URL: "[redacted]", RATE_LIMIT_AUTH_PER_IP: 1000, CACHE_NAMESPACE: bindings.CACHE_NAMESPACE });
    expect(report.migrations.upToDate).toBe(true);
    expect(report.migrations.applied).toBe(report.migrations.expected);
    expect(report.breakers).toEqual({ openai: expect.objectContaining({ state: "CLOSED" }), anthropic: expect.objectContaining({ state: "CLOSED" }) });
    expect(report.lastBackup).toBeNull();
  });

  it("still answers, naming the parts it could not read, when the cache is unreachable", async () => {
    const bindings = await isolatedEnv({ RATE_LIMIT_AUTH_PER_IP: "1000" });
    const admin = await registerAdmin(testClient(bindings), bindings);
    const response = await testClient({ ...bindings, UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9" })("/api/system", bearer(admin.accessToken));
    expect(response.status).toBe(200);
    const report = await response.json<SystemReport>();
    expect(report.dependencies.cache.status).toBe("down");
    expect(report.dependencies.database.status).toBe("ok");
  });
});
