import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import type { AppEnv } from "./app-env";
import { validationError } from "./error-handler";
import { ERROR_STATUS, type ErrorCode } from "./errors";

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      requestId: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

/** OpenAPI response entries for the given error codes, generated from the same code table the code throws. */
export function errorResponses(...codes: ErrorCode[]) {
  const byStatus: Record<number, { description: string; content: { "application/json": { schema: typeof ErrorBodySchema } } }> = {};
  for (const code of codes) {
    const status = ERROR_STATUS[code];
    const existing = byStatus[status];
    byStatus[status] = {
      description: existing ? `${existing.description}, ${code}` : code,
      content: { "application/json": { schema: ErrorBodySchema } },
    };
  }
  return byStatus;
}

/** A router whose request validation failures become our 400 envelope with field paths. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error as unknown as ZodError, result.target);
    },
  });
}

export function registerOpenApiDocument(app: OpenAPIHono<AppEnv>, version: string): void {
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Numira Edge API",
      version,
      description: "Self-reflection companion API: personas, rooms, chat, journals and operations.",
    },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
}

/** A required JSON request body. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { content: { "application/json": { schema } }, required: true } as const;
}

/** A JSON response entry. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } } as const;
}

export const bearerSecurity = [{ bearerAuth: [] }];
