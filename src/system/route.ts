import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { requireAuth, requireRole } from "../auth";
import type { AppEnv } from "../http/app-env";
import { bearerSecurity, errorResponses, jsonResponse } from "../http/openapi";
import { systemReport } from "./report";

const Unavailable = z.object({ unavailable: z.string() });
const DependencyCheck = z.object({ status: z.enum(["ok", "down", "skipped"]), latencyMs: z.number().optional(), error: z.string().optional() });

const SystemReportSchema = z
  .object({
    build: z.object({ version: z.string(), commit: z.string(), builtAt: z.string().nullable(), compatibilityDate: z.string().nullable() }),
    environment: z.string(),
    bindings: z.record(z.string(), z.boolean()),
    dependencies: z.object({
      database: DependencyCheck.extend({ via: z.enum(["neon", "local stand-in"]) }),
      cache: DependencyCheck.extend({ enabled: z.boolean(), namespace: z.string() }),
      providers: z.array(z.object({ name: z.string(), primary: z.boolean(), configured: z.boolean(), model: z.string(), endpoint: z.string() })),
    }),
    configuration: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()])),
    migrations: z.union([z.object({ applied: z.string().nullable(), appliedCount: z.number().int(), expected: z.string(), upToDate: z.boolean() }), Unavailable]),
    breakers: z.record(z.string(), z.union([z.object({ state: z.enum(["CLOSED", "OPEN", "HALF_OPEN"]), failuresInWindow: z.number().int(), forced: z.boolean() }), Unavailable])),
    lastBackup: z.union([
      z.object({ id: z.string(), status: z.string(), trigger: z.string(), startedAt: z.string(), finishedAt: z.string().nullable(), sizeBytes: z.number().nullable() }),
      z.null(),
      Unavailable,
    ]),
  })
  .openapi("SystemReport");

const route = createRoute({
  method: "get",
  path: "/api/system",
  tags: ["operations"],
  summary: "Build, environment, bindings, effective configuration (secrets redacted), migration level, breakers, cache and last backup",
  security: bearerSecurity,
  middleware: [requireAuth(), requireRole("admin")] as const,
  responses: { 200: jsonResponse(SystemReportSchema, "The system report"), ...errorResponses("UNAUTHORIZED", "FORBIDDEN") },
});

export function registerSystemRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { config, db, redis, breakers } = c.var.services;
    c.header("Cache-Control", "no-store");
    return c.json(await systemReport({ config, db, redis, breakers, bindings: c.env as unknown as Record<string, unknown> }), 200);
  });
}
