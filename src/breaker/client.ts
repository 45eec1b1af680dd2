import type { Config, ProviderName } from "../config";
import { timed } from "../timing";
import type { Logger } from "../logging";
import type { CircuitBreaker } from "./circuit-breaker";
import type { BreakerSettings, BreakerSnapshot, Transition } from "./state";

export type Admission = { allowed: true; leaseId: string | null } | { allowed: false; retryAt: number };

interface IsolateCopy {
  snapshot: BreakerSnapshot;
  fetchedAt: number;
  refreshing: boolean;
}

/** Each isolate's short-lived copies of breaker states, by object name. */
const isolateCopies = new Map<string, IsolateCopy>();

export interface BreakerClientDeps {
  namespace: DurableObjectNamespace<CircuitBreaker>;
  /** Prefix of object names, so separate deployments (or test files) never share a breaker. */
  scope: string;
  config: Config["breaker"];
  logger: Logger;
  defer: (work: Promise<unknown>) => void;
}

/**
 * The Worker's side of the breakers. In steady CLOSED, and while an OPEN provider waits
 * for its probe time, it answers from the isolate copy and refreshes that in the
 * background, so neither the healthy path nor the failover path waits on the object;
 * otherwise (probing, HALF_OPEN, no copy yet) it asks the Durable Object. Reports go out
 * with waitUntil: the object decides from them, and the response never waits on the
 * bookkeeping. If the object cannot be reached the provider is treated as CLOSED and the
 * outage logged.
 */
export class BreakerClient {
  private readonly settings: BreakerSettings;

  constructor(private readonly deps: BreakerClientDeps) {
    const { failureThreshold, failureWindowMs, resetTimeoutMs, halfOpenSuccessThreshold, halfOpenMaxProbes, probeLeaseMs } = deps.config;
    this.settings = { failureThreshold, failureWindowMs, resetTimeoutMs, halfOpenSuccessThreshold, halfOpenMaxProbes, probeLeaseMs };
  }

  async admit(provider: ProviderName): Promise<Admission> {
    const name = this.objectName(provider);
    const copy = isolateCopies.get(name);
    const now = Date.now();
    const closed = copy?.snapshot.state === "CLOSED";
    const openUntilProbe = copy?.snapshot.state === "OPEN" && this.probeTime(copy.snapshot, now) > now;
    if (copy && (closed || openUntilProbe)) {
      if (now - copy.fetchedAt >= this.deps.config.isolateCacheTtlMs && !copy.refreshing) {
        copy.refreshing = true;
        this.deps.defer(this.refresh(provider));
      }
      return closed ? { allowed: true, leaseId: null } : { allowed: false, retryAt: this.probeTime(copy.snapshot, now) };
    }
    try {
      const { passage, transitions } = await timed("breaker", () => this.stub(provider).acquire(this.settings));
      this.remember(provider, passage.snapshot, transitions);
      return passage.allowed ? { allowed: true, leaseId: passage.leaseId } : { allowed: false, retryAt: passage.retryAt };
    } catch (error) {
      this.deps.logger.warn("circuit breaker unreachable; treating the provider as closed", { provider, error });
      return { allowed: true, leaseId: null };
    }
  }

  /** Reports an attempt's outcome. Successes outside a probe change nothing and cost nothing. */
  settle(provider: ProviderName, leaseId: string | null, outcome: { providerFault: boolean; failureClass: string; retryAfterSeconds?: number }): void {
    if (!outcome.providerFault && leaseId === null) return;
    const report = this.stub(provider)
      .report(this.settings, {
        result: outcome.providerFault ? "failure" : "success",
        failureClass: outcome.failureClass,
        retryAfterSeconds: outcome.retryAfterSeconds,
        leaseId,
      })
      .then(({ snapshot, transitions }) => this.remember(provider, snapshot, transitions));
    this.deps.defer(report);
  }

  async status(provider: ProviderName): Promise<BreakerSnapshot> {
    return this.stub(provider).status(this.settings);
  }

  async reset(provider: ProviderName): Promise<BreakerSnapshot> {
    const { snapshot, transitions } = await this.stub(provider).reset(this.settings);
    this.remember(provider, snapshot, transitions);
    return snapshot;
  }

  async forceOpen(provider: ProviderName): Promise<BreakerSnapshot> {
    const { snapshot, transitions } = await this.stub(provider).forceOpen(this.settings);
    this.remember(provider, snapshot, transitions);
    return snapshot;
  }

  private async refresh(provider: ProviderName): Promise<void> {
    try {
      this.remember(provider, await this.stub(provider).status(this.settings), []);
    } catch (error) {
      this.deps.logger.warn("circuit breaker unreachable; keeping the isolate copy", { provider, error });
      const copy = isolateCopies.get(this.objectName(provider));
      if (copy) copy.refreshing = false;
    }
  }

  private remember(provider: ProviderName, snapshot: BreakerSnapshot, transitions: Transition[]): void {
    isolateCopies.set(this.objectName(provider), { snapshot, fetchedAt: Date.now(), refreshing: false });
    for (const transition of transitions) {
      const fields = { provider, ...transition, failuresInWindow: snapshot.failuresInWindow, nextProbeAt: snapshot.nextProbeAt };
      if (transition.to === "OPEN") this.deps.logger.warn("circuit opened", fields);
      else this.deps.logger.info(transition.to === "CLOSED" ? "circuit closed" : "circuit half-open", fields);
    }
  }

  private probeTime(snapshot: BreakerSnapshot, now: number): number {
    return snapshot.forced ? now + this.settings.resetTimeoutMs : (snapshot.nextProbeAt ?? now);
  }

  private objectName(provider: ProviderName): string {
    return `${this.deps.scope}:${provider}`;
  }

  private stub(provider: ProviderName) {
    return this.deps.namespace.get(this.deps.namespace.idFromName(this.objectName(provider)));
  }
}

