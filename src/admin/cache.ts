import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { auditAdminAction } from "../audit";
import { requireAuth, requireRole } from "../auth";
import { CacheAdmin } from "../cache";
import type { AppEnv } from "../http/app-env";
import { bearerSecurity, errorResponses, jsonResponse } from "../http/openapi";

const CacheKey = z.string().regex(/^[\w:.-]{1,200}$/, { error: "must be a cache key such as persona:ayla (letters, digits, _ : . -)" });
const Deleted = z.object({ deleted: z.number().int() });
const adminErrors = errorResponses("VALIDATION_FAILED", "UNAUTHORIZED", "FORBIDDEN", "SERVICE_UNAVAILABLE");

const deleteKeyRoute = createRoute({
  method: "delete",
  path: "/api/admin/cache/{key}",
  tags: ["cache"],
  summary: "Delete one of our cache keys, e.g. persona:ayla",
  security: bearerSecurity,
  middleware: [requireAuth(), requireRole("admin")] as const,
  request: { params: z.object({ key: CacheKey }) },
  responses: { 200: jsonResponse(Deleted, "How many keys were deleted (0 or 1)"), ...adminErrors },
});

const deletePrefixRoute = createRoute({
  method: "delete",
  path: "/api/admin/cache",
  tags: ["cache"],
  summary: "Delete our cache keys with a prefix, e.g. ?prefix=ai:response:",
  security: bearerSecurity,
  middleware: [requireAuth(), requireRole("admin")] as const,
  request: { query: z.object({ prefix: CacheKey }) },
  responses: { 200: jsonResponse(Deleted, "How many keys were deleted"), ...adminErrors },
});

const flushRoute = createRoute({
  method: "post",
  path: "/api/admin/cache/flush",
  tags: ["cache"],
  summary: "Delete every key under our namespace (the guide's flushAll); other keys in the Redis are untouched",
  security: bearerSecurity,
  middleware: [requireAuth(), requireRole("admin")] as const,
  responses: { 200: jsonResponse(Deleted, "How many keys were deleted"), ...adminErrors },
});

const statsRoute = createRoute({
  method: "get",
  path: "/api/admin/cache/stats",
  tags: ["cache"],
  summary: "How many keys we hold, by kind",
  security: bearerSecurity,
  middleware: [requireAuth(), requireRole("admin")] as const,
  responses: {
    200: jsonResponse(z.object({ namespace: z.string(), keys: z.number().int(), byPrefix: z.record(z.string(), z.number().int()), latencyMs: z.number() }), "Key counts"),
    ...adminErrors,
  },
});

function cacheAdmin(c: Context<AppEnv>): CacheAdmin {
  return new CacheAdmin(c.var.services.redis, c.var.services.config.cache.namespace);
}

export function registerCacheAdminRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(statsRoute, async (c) => c.json(await cacheAdmin(c).stats(), 200));
  app.openapi(flushRoute, async (c) => {
    const deleted = await cacheAdmin(c).deleteByPrefix("");
    await auditAdminAction(c, "cache.flush", c.var.services.config.cache.namespace, { deleted });
    return c.json({ deleted }, 200);
  });
  app.openapi(deletePrefixRoute, async (c) => {
    const { prefix } = c.req.valid("query");
    const deleted = await cacheAdmin(c).deleteByPrefix(prefix);
    await auditAdminAction(c, "cache.delete_prefix", prefix, { deleted });
    return c.json({ deleted }, 200);
  });
  app.openapi(deleteKeyRoute, async (c) => {
    const { key } = c.req.valid("param");
    const deleted = await cacheAdmin(c).deleteKey(key);
    await auditAdminAction(c, "cache.delete", key, { deleted });
    return c.json({ deleted }, 200);
  });
}
