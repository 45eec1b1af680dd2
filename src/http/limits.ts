import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import type { AppEnv } from "./app-env";
import { AppError } from "./errors";

/** Refuses request bodies over REQUEST_BODY_LIMIT with 413, before a handler reads them. */
export function configuredBodyLimit(): MiddlewareHandler<AppEnv> {
  return async function configuredBodyLimit(c, next) {
    const services = c.var.services;
    if (!services) return next();
    const maxSize = services.config.http.bodyLimitBytes;
    return bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError("PAYLOAD_TOO_LARGE", `Request body exceeds the limit of ${maxSize} bytes`);
      },
    })(c, next);
  };
}

/** CORS for the origins in CORS_ORIGINS ("*" allows any origin; credentials are bearer tokens, never cookies). */
export function configuredCors(): MiddlewareHandler<AppEnv> {
  return async function configuredCors(c, next) {
    const origins = c.var.services?.config.http.corsOrigins ?? [];
    return cors({
      origin: origins,
      allowHeaders: ["Authorization", "Content-Type", "Accept", "X-Request-Id"],
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      exposeHeaders: ["X-Request-Id", "Retry-After", "RateLimit", "RateLimit-Policy", "X-Cache", "X-Numira-Disclaimer"],
      maxAge: 600,
    })(c, next);
  };
}
