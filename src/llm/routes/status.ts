import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { requireAuth, requireRole } from "../../auth";
import { PROVIDER_NAMES } from "../../config";
import type { AppEnv } from "../../http/app-env";
import { bearerSecurity, errorResponses, jsonResponse } from "../../http/openapi";
import { breakerView, BreakerViewSchema } from "./shared";

const ProviderStatusSchema = z
  .object({
    name: z.string(),
    configured: z.boolean(),
    primary: z.boolean(),
    model: z.string(),
    breaker: BreakerViewSchema.nullable(),
    breakerError: z.string().optional(),
  })
  .openapi("ProviderStatus");

const route = createRoute({
  method: "get",
  path: "/api/llm/status",
  tags: ["llm"],
  summary: "Every provider: configured or not, model, and its circuit breaker",
  security: bearerSecurity,
  middleware: [requireAuth(), requireRole("admin")] as const,
  responses: {
    200: jsonResponse(z.object({ providers: z.array(ProviderStatusSchema) }), "Provider and breaker status"),
    ...errorResponses("UNAUTHORIZED", "FORBIDDEN"),
  },
});

export function registerStatusRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { config, breakers, logger } = c.var.services;
    const providers = await Promise.all(
      PROVIDER_NAMES.map(async (name) => {
        const settings = config.ai.providers[name];
        const base = { name, configured: settings.apiKey !== undefined, primary: config.ai.primary === name, model: settings.model };
        try {
          return { ...base, breaker: breakerView(await breakers.status(name)) };
        } catch (error) {
          logger.warn("circuit breaker unreachable for status", { provider: name, error });
          return { ...base, breaker: null, breakerError: "breaker unreachable" };
        }
      }),
    );
    return c.json({ providers }, 200);
  });
}
