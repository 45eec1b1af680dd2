import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { PROVIDER_NAMES, type ProviderName } from "../../config";
import { auditStatement } from "../../audit";
import type { BreakerSnapshot } from "../../breaker";
import type { AppEnv } from "../../http/app-env";
import { AppError } from "../../http/errors";

export const ProviderParams = z.object({ provider: z.string().max(40) });

/** 404 for a provider this deployment does not know. */
export function knownProvider(name: string): ProviderName {
  if (!(PROVIDER_NAMES as readonly string[]).includes(name)) throw new AppError("NOT_FOUND", `Unknown provider "${name}"; known: ${PROVIDER_NAMES.join(", ")}`);
  return name as ProviderName;
}

export const BreakerViewSchema = z
  .object({
    state: z.enum(["CLOSED", "OPEN", "HALF_OPEN"]),
    failuresInWindow: z.number().int(),
    openedAt: z.string().nullable(),
    nextProbeAt: z.string().nullable(),
    probesInFlight: z.number().int(),
    forced: z.boolean(),
    lastFailureClass: z.string().nullable(),
    lastFailureAt: z.string().nullable(),
  })
  .openapi("Breaker");

const iso = (epochMs: number | null) => (epochMs === null ? null : new Date(epochMs).toISOString());

export function breakerView(snapshot: BreakerSnapshot) {
  return {
    state: snapshot.state,
    failuresInWindow: snapshot.failuresInWindow,
    openedAt: iso(snapshot.openedAt),
    nextProbeAt: iso(snapshot.nextProbeAt),
    probesInFlight: snapshot.probesInFlight,
    forced: snapshot.forced,
    lastFailureClass: snapshot.lastFailureClass,
    lastFailureAt: iso(snapshot.lastFailureAt),
  };
}

/** Records an operator's breaker action in audit_log with the admin's id and email. */
export async function auditBreakerAction(c: Context<AppEnv>, action: string, providers: ProviderName[]): Promise<void> {
  const { auth, db } = c.var.services;
  const admin = await auth.me(c.var.auth.userId);
  await auditStatement(db, { actorId: admin.id, actor: admin.email, action, target: providers.join(","), details: { providers } });
}
