import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { requireAuth, requireRole } from "../../auth";
import { PROVIDER_NAMES } from "../../config";
import type { AppEnv } from "../../http/app-env";
import { bearerSecurity, errorResponses, jsonResponse } from "../../http/openapi";
import { auditAdminAction } from "../../audit";
import { breakerView, BreakerViewSchema, knownProvider, ProviderParams } from "./shared";

const ProviderBreakerSchema = z.object({ provider: z.string(), breaker: BreakerViewSchema });

const resetRoute = createRoute({
  method: "post",
  path: "/api/llm/reset/{provider}",
  tags: ["llm"],
  summary: "Close a provider's circuit and clear its history",
  security: bearerSecurity,
  middleware: [requireAuth(), requireRole("admin")] as const,
  request: { params: ProviderParams },
  responses: { 200: jsonResponse(ProviderBreakerSchema, "Closed"), ...errorResponses("UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND") },
});

const resetAllRoute = createRoute({
  method: "post",
  path: "/api/llm/reset-all",
  tags: ["llm"],
  summary: "Close every provider's circuit",
  security: bearerSecurity,
  middleware: [requireAuth(), requireRole("admin")] as const,
  responses: { 200: jsonResponse(z.object({ providers: z.array(ProviderBreakerSchema) }), "All closed"), ...errorResponses("UNAUTHORIZED", "FORBIDDEN") },
});

const openRoute = createRoute({
  method: "post",
  path: "/api/llm/open/{provider}",
  tags: ["llm"],
  summary: "Force a provider's circuit open during a known incident (until reset)",
  security: bearerSecurity,
  middleware: [requireAuth(), requireRole("admin")] as const,
  request: { params: ProviderParams },
  responses: { 200: jsonResponse(ProviderBreakerSchema, "Opened"), ...errorResponses("UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND") },
});

export function registerBreakerActionRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(resetRoute, async (c) => {
    const provider = knownProvider(c.req.valid("param").provider);
    const snapshot = await c.var.services.breakers.reset(provider);
    await auditAdminAction(c, "llm.breaker.reset", provider);
    return c.json({ provider, breaker: breakerView(snapshot) }, 200);
  });
  app.openapi(resetAllRoute, async (c) => {
    const providers = await Promise.all(PROVIDER_NAMES.map(async (provider) => ({ provider, breaker: breakerView(await c.var.services.breakers.reset(provider)) })));
    await auditAdminAction(c, "llm.breaker.reset_all", PROVIDER_NAMES.join(","));
    return c.json({ providers }, 200);
  });
  app.openapi(openRoute, async (c) => {
    const provider = knownProvider(c.req.valid("param").provider);
    const snapshot = await c.var.services.breakers.forceOpen(provider);
    await auditAdminAction(c, "llm.breaker.open", provider);
    return c.json({ provider, breaker: breakerView(snapshot) }, 200);
  });
}
