import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { auditAdminAction } from "../audit";
import { requireAuth, requireRole } from "../auth";
import type { Backup } from "../db/schema";
import type { AppEnv } from "../http/app-env";
import { AppError } from "../http/errors";
import { bearerSecurity, errorResponses, jsonResponse } from "../http/openapi";
import { ManifestSchema } from "./manifest";

const BackupSchema = z
  .object({
    id: z.string(),
    trigger: z.string(),
    status: z.enum(["running", "completed", "failed"]),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    migrationLevel: z.string().nullable(),
    sizeBytes: z.number().int().nullable(),
    rowCounts: z.record(z.string(), z.number().int()).nullable(),
    error: z.string().nullable(),
  })
  .openapi("Backup");

const BackupParams = z.object({ id: z.string().max(64) });

const startRoute = createRoute({
  tags: ["backups"],
  security: bearerSecurity,
  middleware: [requireAuth(), requireRole("admin")] as const,
  method: "post",
  path: "/api/admin/backups",
  summary: "Start a backup to R2 now (the guide's `node cron/backup.js`)",
  description: "Answers 202 with the new backup's id; it runs in the background. 409 while another backup is running.",
  responses: { 202: jsonResponse(z.object({ id: z.string(), status: z.literal("running") }), "Started"), ...errorResponses("UNAUTHORIZED", "FORBIDDEN", "CONFLICT") },
});

const listRoute = createRoute({
  tags: ["backups"],
  security: bearerSecurity,
  middleware: [requireAuth(), requireRole("admin")] as const,
  method: "get",
  path: "/api/admin/backups",
  summary: "The latest 100 backups, newest first",
  responses: { 200: jsonResponse(z.object({ backups: z.array(BackupSchema) }), "Backups"), ...errorResponses("UNAUTHORIZED", "FORBIDDEN") },
});

const showRoute = createRoute({
  tags: ["backups"],
  security: bearerSecurity,
  middleware: [requireAuth(), requireRole("admin")] as const,
  method: "get",
  path: "/api/admin/backups/{id}",
  summary: "One backup and its manifest (null until it completes)",
  request: { params: BackupParams },
  responses: { 200: jsonResponse(z.object({ backup: BackupSchema, manifest: ManifestSchema.nullable() }), "The backup"), ...errorResponses("UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND") },
});

const objectRoute = createRoute({
  tags: ["backups"],
  security: bearerSecurity,
  middleware: [requireAuth(), requireRole("admin")] as const,
  method: "get",
  path: "/api/admin/backups/{id}/objects/{table}",
  summary: "One table of a backup: gzip JSON lines, as stored (what `npm run restore` reads)",
  request: { params: BackupParams.extend({ table: z.string().max(64) }) },
  responses: { 200: { description: "The object", content: { "application/gzip": { schema: z.string().openapi({ format: "binary" }) } } }, ...errorResponses("UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND") },
});

function backupView(backup: Backup) {
  return { ...backup, startedAt: backup.startedAt.toISOString(), finishedAt: backup.finishedAt?.toISOString() ?? null };
}

export function registerBackupRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(startRoute, async (c) => {
    const result = await c.var.services.backups.start("manual");
    if (!result.started) throw new AppError("CONFLICT", `Backup ${result.runningId} is still running; try again when it has finished`);
    await auditAdminAction(c, "backup.start", result.id);
    return c.json({ id: result.id, status: "running" as const }, 202);
  });
  app.openapi(listRoute, async (c) => c.json({ backups: (await c.var.services.backups.list()).map(backupView) }, 200));
  app.openapi(showRoute, async (c) => {
    const { backup, manifest } = await c.var.services.backups.find(c.req.valid("param").id);
    return c.json({ backup: backupView(backup), manifest }, 200);
  });
  app.openapi(objectRoute, async (c) => {
    const { id, table } = c.req.valid("param");
    const object = await c.var.services.backups.tableObject(id, table);
    return c.body(object.body, 200, { "Content-Type": "application/gzip", "Content-Length": String(object.size) });
  });
}
