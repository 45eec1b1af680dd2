import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { createApp } from "../../src/app";
import type { LogLevel } from "../../src/config";

export type TestEnv = Cloudflare.Env & Record<string, unknown>;

/** A log sink that keeps every line, for assertions on what was (not) logged. */
export function captureLogs() {
  const lines: { level: LogLevel; line: string }[] = [];
  return {
    lines,
    sink: (level: LogLevel, line: string) => void lines.push({ level, line }),
    text: () => lines.map((entry) => entry.line).join("\n"),
  };
}

/**
 * Drives the real app through HTTP inside workerd, with the given bindings (the test
 * config's by default). Deferred work (waitUntil) is awaited before the response returns.
 */
export function testClient(bindings: TestEnv = env as TestEnv, options: Parameters<typeof createApp>[0] = {}) {
  const app = createApp(options);
  return async function request(path: string, init: RequestInit = {}): Promise<Response> {
    const ctx = createExecutionContext();
    const response = await app.fetch(new Request(`http://api.test${path}`, init), bindings, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  };
}

/** Bindings with a database and cache namespace of this test file's own, cloned from the migrated template. */
export async function isolatedEnv(overrides: Record<string, unknown> = {}): Promise<TestEnv> {
  const id = crypto.randomUUID().replace(/-/g, "").slice(0, 20);
  const response = await fetch(`${env.TEST_NEON_HTTP_URL}/control/databases`, {
    method: "POST",
    body: JSON.stringify({ name: `numira_test_${id}`, template: env.TEST_DATABASE_TEMPLATE_URL }),
  });
  if (!response.ok) throw new Error(`could not create a test database: ${await response.text()}`);
  const { connectionString } = (await response.json()) as { connectionString: string };
  return {
    ...(env as TestEnv),
    DATABASE_URL: connectionString,
    CACHE_NAMESPACE: `test_${id}`,
    OPENAI_API_KEY: `sk-test-openai-${id}`,
    ANTHROPIC_API_KEY: `sk-ant-test-anthropic-${id}`,
    ...overrides,
  };
}
