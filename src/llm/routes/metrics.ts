import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { requireAuth, requireRole } from "../../auth";
import type { AppEnv } from "../../http/app-env";
import { bearerSecurity, errorResponses, jsonResponse } from "../../http/openapi";
import { metricsWindow } from "../../metrics/window";
import { llmMetrics } from "../metrics";

const WindowQuery = z.object({ window: metricsWindow });

const ProviderMetricsSchema = z.object({
  requests: z.number().int(),
  successes: z.number().int(),
  failures: z.record(z.string(), z.number().int()),
  failovers: z.number().int(),
  latencyMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() }),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
});

export const LlmMetricsSchema = z
  .object({
    windowSeconds: z.number().int(),
    overall: ProviderMetricsSchema,
    providers: z.record(z.string(), ProviderMetricsSchema),
    cache: z.object({ hits: z.number().int(), answers: z.number().int(), hitRatio: z.number().nullable() }),
  })
  .openapi("LlmMetrics");

const route = createRoute({
  method: "get",
  path: "/api/llm/metrics",
  tags: ["llm"],
  summary: "LLM usage over a window: requests, failures by class, failovers, latency percentiles, tokens, cache hit ratio",
  security: bearerSecurity,
  middleware: [requireAuth(), requireRole("admin")] as const,
  request: { query: WindowQuery },
  responses: {
    200: jsonResponse(LlmMetricsSchema, "Metrics from llm_calls and stored answers"),
    ...errorResponses("VALIDATION_FAILED", "UNAUTHORIZED", "FORBIDDEN"),
  },
});

export function registerMetricsRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json(await llmMetrics(c.var.services.db, c.req.valid("query").window), 200));
}
