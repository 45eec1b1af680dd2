import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { z } from "zod";
import { isDatabaseUnreachable } from "../db";
import type { AppEnv } from "./app-env";
import { AppError, codeForStatus, errorBody, type FieldProblem } from "./errors";

/** Turns any thrown value into the JSON error envelope; unknown errors become a bare 500. */
export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  const appError = toAppError(error);
  if (appError.code === "INTERNAL_ERROR") {
    c.var.logger?.error("unhandled error", { error, stack: error instanceof Error ? error.stack : undefined });
  } else if (appError.code === "SERVICE_UNAVAILABLE" && !(error instanceof AppError)) {
    c.var.logger?.error("database unreachable", { error });
  }
  return respondWithError(c, appError);
};

export const handleNotFound: NotFoundHandler<AppEnv> = (c) =>
  respondWithError(c, new AppError("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`));

export function respondMethodNotAllowed(c: Context<AppEnv>, allowed: string[]): Response {
  return respondWithError(
    c,
    new AppError("METHOD_NOT_ALLOWED", `${c.req.method} is not allowed on ${c.req.path}; use ${allowed.join(", ")}`, {
      headers: { Allow: allowed.join(", ") },
    }),
  );
}

export function respondWithError(c: Context<AppEnv>, error: AppError): Response {
  // The error's headers replace any set earlier (a stricter rate limit's over the general one).
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(errorBody(error, c.var.requestId ?? "unknown"), error.status);
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException) {
    return new AppError(codeForStatus(error.status), error.status >= 500 ? "Internal server error" : error.message || "Bad request");
  }
  if (isDatabaseUnreachable(error)) {
    return new AppError("SERVICE_UNAVAILABLE", "The database cannot be reached; try again shortly", { headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) }, cause: error });
  }
  return new AppError("INTERNAL_ERROR", "Internal server error", { cause: error });
}

const DATABASE_RETRY_AFTER_SECONDS = 5;

/** A 400 that lists every invalid field by its path. */
export function validationError(error: z.ZodError, target: string): AppError {
  const details: FieldProblem[] = error.issues.map((issue) => ({
    path: [target, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
  const summary = details.map((detail) => `${detail.path}: ${detail.message}`).join("; ");
  return new AppError("VALIDATION_FAILED", `Invalid request: ${summary}`, { details });
}
