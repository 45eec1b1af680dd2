import type { MiddlewareHandler } from "hono";
import { loadConfig, SECRET_SETTINGS, type ConfigResult } from "../config";
import { Logger, type LogSink } from "../logging";
import { createServices } from "../services";
import type { AppEnv } from "./app-env";
import { AppError } from "./errors";

/** Paths that answer even when the configuration is invalid, so operators can see why. */
const CONFIG_TOLERANT_PATHS = new Set(["/api/health"]);

const reportedInvalidConfigs = new WeakSet<ConfigResult>();

/**
 * Parses configuration (once per isolate), attaches a request-scoped logger and builds
 * the request's services. An invalid configuration is logged once and answered with 503.
 */
export function requestContext(options: { sink?: LogSink } = {}): MiddlewareHandler<AppEnv> {
  return async function requestContext(c, next) {
    const result = loadConfig(c.env);
    const logger = loggerFor(result, c.env as unknown as Record<string, unknown>, options.sink).forRequest(c.var.requestId);
    c.set("configResult", result);
    c.set("logger", logger);
    if (result.ok) {
      c.set("services", createServices(result.config, logger, c.executionCtx));
    } else {
      if (!reportedInvalidConfigs.has(result)) {
        reportedInvalidConfigs.add(result);
        logger.error("configuration is invalid", { issues: result.issues.map((issue) => issue.message) });
      }
      if (!CONFIG_TOLERANT_PATHS.has(c.req.path)) {
        throw new AppError("CONFIG_INVALID", "The service is misconfigured; an operator has been told", {
          headers: { "Retry-After": "60" },
        });
      }
    }
    await next();
  };
}

function loggerFor(result: ConfigResult, rawEnv: Record<string, unknown>, sink: LogSink | undefined): Logger {
  if (result.ok) {
    const { level, format } = result.config.log;
    return new Logger({ level, format, secretValues: result.config.secretValues, sink });
  }
  const rawSecrets = [...SECRET_SETTINGS].map((name) => rawEnv[name]).filter((value): value is string => typeof value === "string");
  return new Logger({ level: "info", format: "json", secretValues: rawSecrets, sink });
}
