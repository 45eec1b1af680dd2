/** Bindings the test configuration adds on top of wrangler.toml's (see vitest.config.ts). */
declare namespace Cloudflare {
  interface Env {
    DATABASE_URL: string;
    DATABASE_HTTP_ENDPOINT: string;
    DATABASE_WS_PROXY: string;
    UPSTASH_REDIS_REST_URL: string;
    UPSTASH_REDIS_REST_TOKEN: string;
    JWT_SECRET: string;
    OPENAI_BASE_URL: string;
    ANTHROPIC_BASE_URL: string;
    OPENAI_API_KEY: string;
    ANTHROPIC_API_KEY: string;
    FAKE_LLM_URL: string;
    TEST_NEON_HTTP_URL: string;
    TEST_DATABASE_TEMPLATE_URL: string;
  }
}

/** Vite's raw imports: a file's text, for tests that check documentation against code. */
declare module "*?raw" {
  const content: string;
  export default content;
}
