/// <reference path="./tests/setup/standin-urls.ts" />
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { buildInfo } from "./scripts/lib/build-info";

/**
 * Two projects: "workers" runs the API's tests inside workerd against the stand-ins;
 * "scripts" runs the operator commands (migrate, seed, promote, …) in Node.
 */
export default defineConfig({
  define: { __NUMIRA_BUILD__: JSON.stringify(buildInfo()) },
  test: {
    testTimeout: 30_000,
    hookTimeout: 90_000,
    projects: [
      {
        extends: true,
        plugins: [
          cloudflareTest(({ inject }) => {
            const standins = inject("standins");
            return {
              main: "./src/index.ts",
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  ENVIRONMENT: "development",
                  LOG_LEVEL: "warn",
                  LOG_FORMAT: "json",
                  DATABASE_URL: standins.sharedDatabaseUrl,
                  DATABASE_HTTP_ENDPOINT: standins.neonHttpUrl,
                  DATABASE_WS_PROXY: standins.neonWsProxy,
                  UPSTASH_REDIS_REST_URL: standins.upstashUrl,
                  UPSTASH_REDIS_REST_TOKEN: standins.upstashToken,
                  JWT_SECRET: "test-jwt-secret-that-is-long-enough-0123456789",
                  OPENAI_BASE_URL: `${standins.llmUrl}/openai/v1`,
                  ANTHROPIC_BASE_URL: `${standins.llmUrl}/anthropic`,
                  OPENAI_API_KEY: "sk-test-shared-openai",
                  ANTHROPIC_API_KEY: "sk-ant-test-shared-anthropic",
                  FAKE_LLM_URL: standins.llmUrl,
                  TEST_NEON_HTTP_URL: standins.neonHttpUrl,
                  TEST_DATABASE_TEMPLATE_URL: standins.templateDatabaseUrl,
                },
              },
            };
          }),
        ],
        test: {
          name: "workers",
          globalSetup: ["./tests/setup/global-setup.ts"],
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/scripts/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "scripts",
          environment: "node",
          include: ["tests/scripts/**/*.test.ts"],
        },
      },
    ],
  },
});
