import type { OpenAPIHono } from "@hono/zod-openapi";
import { methodNotAllowed } from "hono/method-not-allowed";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { registerAdminRoutes } from "./admin";
import { registerBackupRoutes } from "./backup";
import { registerAuthRoutes } from "./auth";
import { registerCatalogRoutes } from "./catalog";
import { registerChatRoutes } from "./chat";
import { registerConversationRoutes } from "./conversations";
import { registerDisclaimerRoutes } from "./disclaimer";
import { registerHealthRoute } from "./health";
import { registerJournalRoutes } from "./journals";
import { registerLlmAdminRoutes } from "./llm";
import { recordRequestMetrics, registerMetricsRoute } from "./metrics";
import type { AppEnv } from "./http/app-env";
import { handleError, handleNotFound, respondMethodNotAllowed } from "./http/error-handler";
import { configuredBodyLimit, configuredCors } from "./http/limits";
import { maintenanceMode } from "./http/maintenance";
import { createRouter, registerOpenApiDocument } from "./http/openapi";
import { requestContext } from "./http/request-context";
import { serverTiming } from "./http/server-timing";
import { requestLog } from "./http/request-log";
import { ipRateLimit } from "./ratelimit";
import { registerSystemRoute } from "./system";
import type { LogSink } from "./logging";
import { APP_VERSION } from "./version";

export interface AppOptions {
  /** Where log lines go; the console (Workers Logs) unless a test captures them. */
  logSink?: LogSink;
}

/** Builds the API: middleware in the order of the design (request id → server timing → log → context → metrics → headers → CORS → limits → maintenance → rate limit), then routes. */
export function createApp(options: AppOptions = {}): OpenAPIHono<AppEnv> {
  const app = createRouter();
  app.use(requestId({ limitLength: 128 }));
  app.use(serverTiming());
  app.use(requestLog());
  app.use(requestContext({ sink: options.logSink }));
  app.use(recordRequestMetrics());
  app.use(secureHeaders({ crossOriginResourcePolicy: "cross-origin" }));
  app.use(configuredCors());
  app.use(methodNotAllowed({ app, onMethodNotAllowed: respondMethodNotAllowed }));
  app.use(configuredBodyLimit());
  app.use(maintenanceMode());
  app.use(ipRateLimit());

  registerHealthRoute(app);
  registerAuthRoutes(app);
  registerDisclaimerRoutes(app);
  registerCatalogRoutes(app);
  registerChatRoutes(app);
  registerConversationRoutes(app);
  registerJournalRoutes(app);
  registerAdminRoutes(app);
  registerBackupRoutes(app);
  registerLlmAdminRoutes(app);
  registerMetricsRoute(app);
  registerSystemRoute(app);
  registerOpenApiDocument(app, APP_VERSION);

  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}
