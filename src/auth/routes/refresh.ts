import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { RefreshSchema, TokenGrantSchema } from "../schemas";

const route = createRoute({
  method: "post",
  path: "/api/auth/refresh",
  tags: ["auth"],
  summary: "Rotate a refresh token",
  description: "Every refresh token works once. Presenting one that was already used revokes its whole session.",
  request: { body: jsonBody(RefreshSchema) },
  responses: {
    200: jsonResponse(TokenGrantSchema, "New access and refresh tokens"),
    ...errorResponses("VALIDATION_FAILED", "UNAUTHORIZED"),
  },
});

export function registerRefreshRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => c.json(await c.var.services.auth.refresh(c.req.valid("json").refreshToken), 200));
}
