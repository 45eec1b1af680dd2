import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { enforceAuthRateLimits } from "../policies";
import { RegistrationSchema, TokenGrantSchema } from "../schemas";

const route = createRoute({
  method: "post",
  path: "/api/auth/register",
  tags: ["auth"],
  summary: "Create an account and start a session",
  request: { body: jsonBody(RegistrationSchema) },
  responses: {
    201: jsonResponse(TokenGrantSchema, "Account created; tokens for its first session"),
    ...errorResponses("VALIDATION_FAILED", "EMAIL_TAKEN", "RATE_LIMITED"),
  },
});

export function registerRegisterRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    await enforceAuthRateLimits(c, body.email);
    return c.json(await c.var.services.auth.register(body, c.req.header("User-Agent")), 201);
  });
}
