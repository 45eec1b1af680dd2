import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { enforceAuthRateLimits } from "../policies";
import { CredentialsSchema, TokenGrantSchema } from "../schemas";

const route = createRoute({
  method: "post",
  path: "/api/auth/login",
  tags: ["auth"],
  summary: "Exchange email and password for tokens",
  description: "An unknown email and a wrong password get the same answer after the same amount of work.",
  request: { body: jsonBody(CredentialsSchema) },
  responses: {
    200: jsonResponse(TokenGrantSchema, "Logged in"),
    ...errorResponses("VALIDATION_FAILED", "UNAUTHORIZED", "RATE_LIMITED"),
  },
});

export function registerLoginRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    await enforceAuthRateLimits(c, body.email);
    return c.json(await c.var.services.auth.login(body, c.req.header("User-Agent")), 200);
  });
}
