/** The breaker's vocabulary, shared by the Durable Object and the Worker's client. */

export type BreakerState = "CLOSED" | "OPEN" | "HALF_OPEN";

export interface BreakerSettings {
  failureThreshold: number;
  failureWindowMs: number;
  resetTimeoutMs: number;
  halfOpenSuccessThreshold: number;
  halfOpenMaxProbes: number;
  probeLeaseMs: number;
}

export interface BreakerSnapshot {
  state: BreakerState;
  failuresInWindow: number;
  openedAt: number | null;
  /** When an OPEN circuit lets probes through again (epoch ms); null unless OPEN. */
  nextProbeAt: number | null;
  probesInFlight: number;
  halfOpenSuccesses: number;
  /** Opened by an operator: stays OPEN until reset. */
  forced: boolean;
  lastFailureClass: string | null;
  lastFailureAt: number | null;
  /** How many acquire/report/status calls reached the object: what the isolate copies save. */
  consultations: number;
}

/** What the breaker answers a request for passage. */
export type Passage = { allowed: true; leaseId: string | null; snapshot: BreakerSnapshot } | { allowed: false; retryAt: number; snapshot: BreakerSnapshot };

export interface Outcome {
  /** A provider-side failure class, or "success". Client faults are reported as success: the provider answered. */
  result: "success" | "failure";
  failureClass?: string;
  retryAfterSeconds?: number;
  leaseId: string | null;
}

export interface Transition {
  from: BreakerState;
  to: BreakerState;
  reason: string;
}
