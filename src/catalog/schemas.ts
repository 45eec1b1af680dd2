import { z } from "@hono/zod-openapi";
import { promptType } from "../db/schema";

/** Persona and room ids are short camelCase words ("ayla", "mirrorRoom"). */
export const CATALOG_ID_PATTERN = /^[a-zA-Z]{1,40}$/;

function idParams(kind: "persona" | "room", example: string) {
  return z.object({
    id: z
      .string()
      .regex(CATALOG_ID_PATTERN, { error: `must be a ${kind} id: 1 to 40 letters` })
      .openapi({ param: { name: "id", in: "path" }, example }),
  });
}

export const PersonaIdParams = idParams("persona", "ayla");
export const RoomIdParams = idParams("room", "mirrorRoom");

export const PromptTypeSchema = z.enum(promptType.enumValues).openapi("PromptType");

export const PersonaSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    tone: z.string(),
    description: z.string(),
    systemPrompt: z.string().optional().openapi({ description: "Present only for admins" }),
    tags: z.array(z.string()),
    roomIds: z.array(z.string()).openapi({ description: "The rooms this persona may enter" }),
  })
  .openapi("Persona");

export const RoomSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    promptType: PromptTypeSchema,
    purpose: z.string(),
    description: z.string(),
    personaIds: z.array(z.string()).openapi({ description: "The personas that may enter this room" }),
  })
  .openapi("Room");

export const PersonaListSchema = z.object({ personas: z.array(PersonaSchema) }).openapi("PersonaList");
export const RoomListSchema = z.object({ rooms: z.array(RoomSchema) }).openapi("RoomList");

function editableText(maxLength: number) {
  return z.string().trim().min(1, { error: "must not be empty" }).max(maxLength);
}

const hasAnyField = (patch: object) => Object.values(patch).some((value) => value !== undefined);
const NOTHING_TO_CHANGE = { error: "give at least one field to change" };

// Strict, so a misspelt field is a 400 rather than a silent no-op.
export const PersonaPatchSchema = z
  .strictObject({
    name: editableText(60).optional(),
    tone: editableText(200).optional(),
    description: editableText(1000).optional(),
    systemPrompt: editableText(8000).optional(),
    tags: z.array(editableText(40)).max(20).optional(),
  })
  .refine(hasAnyField, NOTHING_TO_CHANGE)
  .openapi("PersonaPatch");

export const RoomPatchSchema = z
  .strictObject({
    name: editableText(60).optional(),
    purpose: editableText(300).optional(),
    description: editableText(1000).optional(),
    promptType: PromptTypeSchema.optional(),
  })
  .refine(hasAnyField, NOTHING_TO_CHANGE)
  .openapi("RoomPatch");

export type PersonaPatch = z.input<typeof PersonaPatchSchema>;
export type RoomPatch = z.input<typeof RoomPatchSchema>;
