import { createScheduledController } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { createDatabase } from "../../src/db";
import { llmCalls } from "../../src/db/schema";
import { isolatedEnv } from "../helpers/app";
import { configOf } from "../helpers/auth";

describe("scheduled housekeeping", () => {
  it("deletes llm_calls rows past LLM_CALLS_RETENTION_DAYS on the cron and keeps the rest", async () => {
    const bindings = await isolatedEnv({ LLM_CALLS_RETENTION_DAYS: "30" });
    const db = createDatabase(configOf(bindings).database);
    const row = { requestId: "r", provider: "openai", model: "gpt-4", outcome: "success", latencyMs: 10 };
    await db.insert(llmCalls).values([
      { ...row, requestId: "old", createdAt: new Date(Date.now() - 31 * 86_400_000) },
      { ...row, requestId: "recent", createdAt: new Date(Date.now() - 29 * 86_400_000) },
    ]);
    await worker.scheduled(createScheduledController({ cron: "17 3 * * *", scheduledTime: Date.now() }), bindings as unknown as Env);
    expect((await db.select({ requestId: llmCalls.requestId }).from(llmCalls)).map((call) => call.requestId)).toEqual(["recent"]);
  });
});
