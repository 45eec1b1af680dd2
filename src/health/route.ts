import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../http/app-env";
import { APP_VERSION } from "../version";
import { checkDependencies, configurationCheck, overallStatus, type HealthReport } from "./check";

const DependencyCheckSchema = z.object({
  status: z.enum(["ok", "down", "skipped"]),
  latencyMs: z.number().optional(),
  error: z.string().optional(),
});

const HealthReportSchema = z
  .object({
    status: z.enum(["ok", "degraded", "error"]),
    version: z.string(),
    time: z.string(),
    checks: z.object({
      configuration: z.object({ status: z.enum(["ok", "invalid"]), issues: z.array(z.string()).optional() }),
      database: DependencyCheckSchema,
      cache: DependencyCheckSchema,
    }),
  })
  .openapi("HealthReport");

const healthRoute = createRoute({
  method: "get",
  path: "/api/health",
  tags: ["operations"],
  summary: "Liveness and dependency health",
  description: "200 ok; 200 degraded when only the cache is down; 503 when the database is down or the configuration is invalid.",
  responses: {
    200: { description: "Healthy or degraded", content: { "application/json": { schema: HealthReportSchema } } },
    503: { description: "Database down or configuration invalid", content: { "application/json": { schema: HealthReportSchema } } },
  },
});

export function registerHealthRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(healthRoute, async (c) => {
    const configResult = c.var.configResult;
    const skipped = { status: "skipped" } as const;
    const dependencies = configResult.ok
      ? await checkDependencies({
          db: c.var.services.db,
          redis: c.var.services.redis,
          databaseTimeoutMs: configResult.config.database.timeoutMs,
          cacheTimeoutMs: configResult.config.cache.timeoutMs,
        })
      : { database: skipped, cache: skipped };
    const report: HealthReport = {
      status: overallStatus(configResult.ok, dependencies),
      version: APP_VERSION,
      time: new Date().toISOString(),
      checks: { configuration: configurationCheck(configResult.ok ? undefined : configResult.issues), ...dependencies },
    };
    c.header("Cache-Control", "no-store");
    return report.status === "error" ? c.json(report, 503) : c.json(report, 200);
  });
}
