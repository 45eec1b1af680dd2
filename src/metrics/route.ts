import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { requireAuth, requireRole } from "../auth";
import type { AppEnv } from "../http/app-env";
import { bearerSecurity, errorResponses } from "../http/openapi";
import { LlmMetricsSchema } from "../llm";
import { renderPrometheus } from "./prometheus";
import { metricsReport } from "./report";
import { metricsWindow } from "./window";

const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const PercentilesSchema = z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() });
const StatusClassCounts = z.partialRecord(z.enum(["1xx", "2xx", "3xx", "4xx", "5xx"]), z.number().int());

const MetricsReportSchema = z
  .object({
    windowSeconds: z.number().int(),
    generatedAt: z.string(),
    requests: z.object({
      total: z.number().int(),
      byStatusClass: StatusClassCounts,
      errorRate: z.number().nullable(),
      rateLimited: z.number().int(),
      latencyMs: PercentilesSchema,
      routes: z.array(z.object({ method: z.string(), route: z.string(), requests: z.number().int(), byStatusClass: StatusClassCounts, latencyMs: PercentilesSchema })),
    }),
    activeUsers: z.number().int(),
    chats: z.object({ total: z.number().int(), byPersona: z.record(z.string(), z.number().int()), byRoom: z.record(z.string(), z.number().int()) }),
    cache: z.object({ hits: z.number().int(), misses: z.number().int(), bypassed: z.number().int(), hitRatio: z.number().nullable() }),
    llm: LlmMetricsSchema,
  })
  .openapi("MetricsReport");

const route = createRoute({
  method: "get",
  path: "/api/metrics",
  tags: ["operations"],
  summary: "Requests, latency, errors, rate limiting, active users, chats, LLM and cache figures over a window",
  description: "JSON by default; the Prometheus text exposition format with `?format=prometheus` or `Accept: text/plain`. Figures come from rows every isolate writes to the database, so they add up across the whole deployment.",
  security: bearerSecurity,
  middleware: [requireAuth(), requireRole("admin")] as const,
  request: { query: z.object({ window: metricsWindow, format: z.enum(["json", "prometheus"]).optional() }) },
  responses: {
    200: {
      description: "The report",
      content: { "application/json": { schema: MetricsReportSchema }, "text/plain": { schema: z.string() } },
    },
    ...errorResponses("VALIDATION_FAILED", "UNAUTHORIZED", "FORBIDDEN"),
  },
});

export function registerMetricsRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { window, format } = c.req.valid("query");
    const report = await metricsReport(c.var.services.db, window);
    const prometheus = format === "prometheus" || (format === undefined && prefersText(c.req.header("Accept")));
    if (prometheus) return c.text(renderPrometheus(report), 200, { "Content-Type": PROMETHEUS_CONTENT_TYPE });
    return c.json(report, 200);
  });
}

/** Prometheus scrapers accept text/plain (or OpenMetrics) and never JSON; browsers and curl name neither. */
function prefersText(accept: string | undefined): boolean {
  const types = accept?.toLowerCase() ?? "";
  return (types.includes("text/plain") || types.includes("openmetrics")) && !types.includes("application/json");
}
