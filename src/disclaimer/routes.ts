import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { requireAuth } from "../auth/middleware";
import type { AppEnv } from "../http/app-env";
import { bearerSecurity, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { DISCLAIMER } from "./content";
import { acknowledgeDisclaimer, disclaimerStatus } from "./status";

const DisclaimerSchema = z.object({ version: z.string(), text: z.string(), validityDays: z.number().int() }).openapi("Disclaimer");

export const DisclaimerStatusSchema = z
  .object({
    state: z.enum(["accepted", "required", "expired"]),
    currentVersion: z.string(),
    acceptedVersion: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    validUntil: z.string().nullable(),
  })
  .openapi("DisclaimerStatus");

const showRoute = createRoute({
  method: "get",
  path: "/api/disclaimer",
  tags: ["disclaimer"],
  summary: "The current disclaimer text and version",
  responses: { 200: jsonResponse(DisclaimerSchema, "The disclaimer") },
});

const statusRoute = createRoute({
  method: "get",
  path: "/api/disclaimer/status",
  tags: ["disclaimer"],
  summary: "Whether this user's acceptance is valid",
  security: bearerSecurity,
  middleware: [requireAuth()] as const,
  responses: { 200: jsonResponse(DisclaimerStatusSchema, "Acceptance state"), ...errorResponses("UNAUTHORIZED") },
});

const acknowledgeRoute = createRoute({
  method: "post",
  path: "/api/disclaimer/acknowledge",
  tags: ["disclaimer"],
  summary: "Accept the current disclaimer (valid for 90 days)",
  security: bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { body: jsonBody(z.object({ version: z.string().min(1).max(40) })) },
  responses: { 200: jsonResponse(DisclaimerStatusSchema, "Accepted"), ...errorResponses("VALIDATION_FAILED", "UNAUTHORIZED") },
});

export function registerDisclaimerRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(showRoute, (c) => c.json({ ...DISCLAIMER }, 200));
  app.openapi(statusRoute, async (c) => c.json(disclaimerStatus(await c.var.services.auth.me(c.var.auth.userId)), 200));
  app.openapi(acknowledgeRoute, async (c) => {
    const user = await acknowledgeDisclaimer(c.var.services.db, c.var.auth.userId, c.req.valid("json").version);
    return c.json(disclaimerStatus(user), 200);
  });
}
