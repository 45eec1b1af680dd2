import { createScheduledController } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { createDatabase } from "../../src/db";
import { llmCalls, requestMetrics } from "../../src/db/schema";
import { isolatedEnv } from "../helpers/app";
import { configOf } from "../helpers/auth";

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

describe("scheduled housekeeping", () => {
  it("deletes llm_calls and request_metrics rows past their own retention on the cron and keeps the rest", async () => {
    const bindings = await isolatedEnv({ LLM_CALLS_RETENTION_DAYS: "30", METRICS_RETENTION_DAYS: "7" });
    const db = createDatabase(configOf(bindings).database);
    const call = { provider: "openai", model: "gpt-4", outcome: "success", latencyMs: 10 };
    await db.insert(llmCalls).values([
      { ...call, requestId: "old", createdAt: daysAgo(31) },
      { ...call, requestId: "recent", createdAt: daysAgo(29) },
    ]);
    const request = { method: "GET", status: 200, durationMs: 1.5 };
    await db.insert(requestMetrics).values([
      { ...request, route: "/old", createdAt: daysAgo(8) },
      { ...request, route: "/recent", createdAt: daysAgo(6) },
    ]);

    await worker.scheduled(createScheduledController({ cron: "17 3 * * *", scheduledTime: Date.now() }), bindings as unknown as Env);

    expect((await db.select({ requestId: llmCalls.requestId }).from(llmCalls)).map((row) => row.requestId)).toEqual(["recent"]);
    expect((await db.select({ route: requestMetrics.route }).from(requestMetrics)).map((row) => row.route)).toEqual(["/recent"]);
  });
});
