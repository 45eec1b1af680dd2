import { z } from "@hono/zod-openapi";
import { PROVIDER_NAMES, type ProviderName } from "../../config";
import type { BreakerSnapshot } from "../../breaker";
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
    /** How many times isolates asked the object for passage: in steady CLOSED traffic it should barely move. */
    consultations: z.number().int(),
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
    consultations: snapshot.consultations,
  };
}
