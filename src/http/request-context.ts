import type { MiddlewareHandler } from "hono";
import { loadConfig, SECRET_SETTINGS, type ConfigResult } from "../config";
import { createSecretRedactor, Logger, type LogSink, type TextRedactor } from "../logging";
import { redactPiiText } from "../safety";
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
      c.set("services", createServices(result.config, logger, c.env, c.executionCtx));
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

const redactorsByConfig = new WeakMap<ConfigResult, TextRedactor>();

/** Secrets and personal identifiers (emails, phone numbers, …) never reach a log line. */
function redactorFor(result: ConfigResult, rawEnv: Record<string, unknown>): TextRedactor {
  let redactor = redactorsByConfig.get(result);
  if (!redactor) {
    const secrets = result.ok
      ? result.config.secretValues
      : [...SECRET_SETTINGS].map((name) => rawEnv[name]).filter((value): value is string => typeof value === "string");
    const redactSecrets = createSecretRedactor(secrets);
    redactor = (text) => redactPiiText(redactSecrets(text));
    redactorsByConfig.set(result, redactor);
  }
  return redactor;
}

function loggerFor(result: ConfigResult, rawEnv: Record<string, unknown>, sink: LogSink | undefined): Logger {
  const { level, format } = result.ok ? result.config.log : ({ level: "info", format: "json" } as const);
  return new Logger({ level, format, sink }, redactorFor(result, rawEnv));
}
