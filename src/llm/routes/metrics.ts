import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { requireAuth, requireRole } from "../../auth";
import type { AppEnv } from "../../http/app-env";
import { bearerSecurity, errorResponses, jsonResponse } from "../../http/openapi";
import { llmMetrics, parseWindow } from "../metrics";

const WindowQuery = z.object({
  window: z
    .string()
    .default("1h")
    .refine((value) => parseWindow(value) !== undefined, { error: "must be a duration from 5m to 30d, such as 15m, 1h or 7d" }),
});

const MetricsSchema = z.object({
  requests: z.number().int(),
  successes: z.number().int(),
  failures: z.record(z.string(), z.number().int()),
  failovers: z.number().int(),
  latencyMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() }),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
});

const route = createRoute({
  method: "get",
  path: "/api/llm/metrics",
  tags: ["llm"],
  summary: "LLM usage over a window: requests, failures by class, failovers, latency percentiles, tokens, cache hit ratio",
  security: bearerSecurity,
  middleware: [requireAuth(), requireRole("admin")] as const,
  request: { query: WindowQuery },
  responses: {
    200: jsonResponse(
      z.object({
        windowSeconds: z.number().int(),
        overall: MetricsSchema,
        providers: z.record(z.string(), MetricsSchema),
        cache: z.object({ hits: z.number().int(), answers: z.number().int(), hitRatio: z.number().nullable() }),
      }),
      "Metrics from llm_calls and stored answers",
    ),
    ...errorResponses("VALIDATION_FAILED", "UNAUTHORIZED", "FORBIDDEN"),
  },
});

export function registerMetricsRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json(await llmMetrics(c.var.services.db, parseWindow(c.req.valid("query").window)!), 200));
}
