import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { registerBreakerActionRoutes } from "./breaker-actions";
import { registerMetricsRoute } from "./metrics";
import { registerStatusRoute } from "./status";

export { LlmMetricsSchema } from "./metrics";

export function registerLlmAdminRoutes(app: OpenAPIHono<AppEnv>): void {
  registerStatusRoute(app);
  registerBreakerActionRoutes(app);
  registerMetricsRoute(app);
}
