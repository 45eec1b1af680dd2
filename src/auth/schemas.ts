import { z } from "@hono/zod-openapi";
import { passwordSchema } from "./passwords";

export const EmailSchema = z.email({ error: "Must be a valid email address" }).max(254).openapi({ example: "sam@example.com" });

export const CredentialsSchema = z
  .object({
    email: EmailSchema,
    password: z.string().min(1, { error: "Password is required" }).max(256),
  })
  .openapi("Credentials");

export const RegistrationSchema = z
  .object({
    email: EmailSchema,
    password: passwordSchema,
    displayName: z.string().trim().min(1).max(80).optional(),
  })
  .openapi("Registration");

export const RefreshSchema = z.object({ refreshToken: z.string().min(20).max(200) }).openapi("RefreshRequest");

export const PublicUserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: z.enum(["user", "admin"]),
    displayName: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("User");

export const TokenGrantSchema = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal("Bearer"),
    expiresIn: z.number().int(),
    refreshToken: z.string(),
    user: PublicUserSchema,
  })
  .openapi("TokenGrant");
