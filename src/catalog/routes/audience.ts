import type { Context } from "hono";
import { optionalAccessClaims } from "../../auth";
import { sessionHoldsRole } from "../../auth/sessions";
import type { AppEnv } from "../../http/app-env";
import type { CatalogActor, PersonaView } from "../service";

/**
 * Whether this request may see system prompts: a valid access token of an admin whose
 * session still holds the role (checked in the database, as requireRole("admin") does).
 * No token, an invalid one or a user's token reads as anonymous, never as a 401.
 */
async function showsSystemPrompts(c: Context<AppEnv>): Promise<boolean> {
  const claims = await optionalAccessClaims(c);
  if (claims?.role !== "admin") return false;
  return sessionHoldsRole(c.var.services.db, claims.sessionId, "admin");
}

/** Public views may sit in shared caches; views with system prompts must not be stored anywhere. */
export function setCatalogCaching(c: Context<AppEnv>, withSystemPrompts: boolean): void {
  c.header("Cache-Control", withSystemPrompts ? "private, no-store" : "public, max-age=60");
  c.header("Vary", "Authorization", { append: true });
}

function withoutSystemPrompt({ systemPrompt: _hidden, ...view }: PersonaView): Omit<PersonaView, "systemPrompt"> {
  return view;
}

/** Decides who is asking, sets the matching caching headers, and returns how to show them a persona. */
export async function personaPresenter(c: Context<AppEnv>): Promise<(view: PersonaView) => Omit<PersonaView, "systemPrompt">> {
  const withSystemPrompts = await showsSystemPrompts(c);
  setCatalogCaching(c, withSystemPrompts);
  return withSystemPrompts ? (view) => view : withoutSystemPrompt;
}

/** The signed-in admin, as the audit log records them. */
export async function adminActor(c: Context<AppEnv>): Promise<CatalogActor> {
  const admin = await c.var.services.auth.me(c.var.auth.userId);
  return { id: admin.id, email: admin.email };
}
