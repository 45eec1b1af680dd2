import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { disclaimerStatus } from "../../disclaimer/status";
import { DisclaimerStatusSchema } from "../../disclaimer/routes";
import type { AppEnv } from "../../http/app-env";
import { bearerSecurity, errorResponses, jsonResponse } from "../../http/openapi";
import { requireAuth } from "../middleware";
import { PublicUserSchema } from "../schemas";
import { toPublicUser } from "../users";

const route = createRoute({
  method: "get",
  path: "/api/auth/me",
  tags: ["auth"],
  summary: "The signed-in user",
  security: bearerSecurity,
  middleware: [requireAuth()] as const,
  responses: {
    200: jsonResponse(PublicUserSchema.extend({ disclaimer: DisclaimerStatusSchema }), "The user and their disclaimer state"),
    ...errorResponses("UNAUTHORIZED"),
  },
});

export function registerMeRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const user = await c.var.services.auth.me(c.var.auth.userId);
    return c.json({ ...toPublicUser(user), disclaimer: disclaimerStatus(user) }, 200);
  });
}
