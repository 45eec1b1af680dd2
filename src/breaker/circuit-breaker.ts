import { DurableObject } from "cloudflare:workers";
import type { BreakerSettings, BreakerSnapshot, BreakerState, Outcome, Passage, Transition } from "./state";

interface StateRow extends Record<string, SqlStorageValue> {
  state: BreakerState;
  opened_at: number | null;
  next_probe_at: number | null;
  half_open_successes: number;
  forced: number;
  last_failure_class: string | null;
  last_failure_at: number | null;
  consultations: number;
}

/**
 * One per LLM provider (`idFromName`): the fleet-wide, strongly consistent breaker state.
 * Every read-modify-write runs in a storage transaction; timed transitions run in an
 * idempotent alarm. It never calls the provider itself.
 */
export class CircuitBreaker extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS breaker (
      id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL, opened_at INTEGER, next_probe_at INTEGER,
      half_open_successes INTEGER NOT NULL DEFAULT 0, forced INTEGER NOT NULL DEFAULT 0,
      last_failure_class TEXT, last_failure_at INTEGER, settings TEXT, consultations INTEGER NOT NULL DEFAULT 0)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS failures (at INTEGER NOT NULL)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS leases (id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)`);
    this.sql.exec(`INSERT OR IGNORE INTO breaker (id, state) VALUES (1, 'CLOSED')`);
  }

  /** Asks to call the provider. In HALF_OPEN at most halfOpenMaxProbes leases are out at once. */
  async acquire(settings: BreakerSettings, now = Date.now()): Promise<{ passage: Passage; transitions: Transition[] }> {
    return this.thenSyncAlarm(() => {
      this.remember(settings);
      const transitions = this.advance(settings, now);
      const row = this.row();
      if (row.state === "CLOSED") return { passage: { allowed: true, leaseId: null, snapshot: this.snapshot(settings, now) }, transitions };
      if (row.state === "OPEN") return { passage: { allowed: false, retryAt: row.next_probe_at ?? now + settings.resetTimeoutMs, snapshot: this.snapshot(settings, now) }, transitions };
      const leases = this.sql.exec<{ expires_at: number }>(`SELECT expires_at FROM leases ORDER BY expires_at`).toArray();
      if (leases.length >= settings.halfOpenMaxProbes) {
        return { passage: { allowed: false, retryAt: leases[0]!.expires_at, snapshot: this.snapshot(settings, now) }, transitions };
      }
      const leaseId = crypto.randomUUID();
      const expiresAt = now + settings.probeLeaseMs;
      this.sql.exec(`INSERT INTO leases (id, expires_at) VALUES (?, ?)`, leaseId, expiresAt);
      return { passage: { allowed: true, leaseId, snapshot: this.snapshot(settings, now) }, transitions };
    });
  }

  /** Records how a call went. Only provider faults are reported as failures. */
  async report(settings: BreakerSettings, outcome: Outcome, now = Date.now()): Promise<{ snapshot: BreakerSnapshot; transitions: Transition[] }> {
    return this.thenSyncAlarm(() => {
      this.remember(settings);
      const transitions = this.advance(settings, now);
      const row = this.row();
      const heldLease = outcome.leaseId !== null && this.sql.exec(`DELETE FROM leases WHERE id = ? RETURNING id`, outcome.leaseId).toArray().length > 0;
      if (outcome.result === "success") {
        if (row.state === "HALF_OPEN" && heldLease) {
          const successes = row.half_open_successes + 1;
          if (successes >= settings.halfOpenSuccessThreshold) transitions.push(this.close(`${successes} successful probes`));
          else this.sql.exec(`UPDATE breaker SET half_open_successes = ?`, successes);
        }
        return { snapshot: this.snapshot(settings, now), transitions };
      }
      this.sql.exec(`UPDATE breaker SET last_failure_class = ?, last_failure_at = ?`, outcome.failureClass ?? "unknown", now);
      const honourUntil = outcome.retryAfterSeconds ? now + outcome.retryAfterSeconds * 1000 : 0;
      if (row.state === "HALF_OPEN") {
        transitions.push(this.open(settings, now, honourUntil, `probe failed: ${outcome.failureClass}`));
      } else if (row.state === "OPEN") {
        if (honourUntil > (row.next_probe_at ?? 0)) this.sql.exec(`UPDATE breaker SET next_probe_at = ?`, honourUntil);
      } else {
        this.sql.exec(`INSERT INTO failures (at) VALUES (?)`, now);
        const failures = this.failuresInWindow(settings, now);
        if (honourUntil > 0) transitions.push(this.open(settings, now, honourUntil, `rate limited for ${outcome.retryAfterSeconds} s`));
        else if (failures >= settings.failureThreshold) transitions.push(this.open(settings, now, 0, `${failures} failures within ${settings.failureWindowMs} ms`));
      }
      return { snapshot: this.snapshot(settings, now), transitions };
    });
  }

  async status(settings: BreakerSettings, now = Date.now()): Promise<BreakerSnapshot> {
    return this.thenSyncAlarm(() => {
      this.remember(settings);
      this.advance(settings, now);
      return this.snapshot(settings, now);
    });
  }

  /** Closes and clears everything (the admin reset). */
  async reset(settings: BreakerSettings, now = Date.now()): Promise<{ snapshot: BreakerSnapshot; transitions: Transition[] }> {
    return this.thenSyncAlarm(() => {
      const from = this.row().state;
      this.close("reset by an operator");
      return { snapshot: this.snapshot(settings, now), transitions: from === "CLOSED" ? [] : [{ from, to: "CLOSED", reason: "reset by an operator" }] };
    });
  }

  /** Opens the circuit until an operator resets it (a known incident). */
  async forceOpen(settings: BreakerSettings, now = Date.now()): Promise<{ snapshot: BreakerSnapshot; transitions: Transition[] }> {
    return this.thenSyncAlarm(() => {
      const transition = this.open(settings, now, 0, "opened by an operator");
      this.sql.exec(`UPDATE breaker SET forced = 1, next_probe_at = NULL`);
      return { snapshot: this.snapshot(settings, now), transitions: [transition] };
    });
  }

  /** Runs at least once after each scheduled time; it only applies what is due, so repeats are harmless. */
  override async alarm(): Promise<void> {
    const stored = this.sql.exec<{ settings: string | null }>(`SELECT settings FROM breaker WHERE id = 1`).one().settings;
    if (!stored) return;
    const settings = JSON.parse(stored) as BreakerSettings;
    const transitions = await this.thenSyncAlarm(() => this.advance(settings, Date.now()));
    for (const transition of transitions) console.log(JSON.stringify({ time: new Date().toISOString(), level: transition.to === "OPEN" ? "warn" : "info", msg: "circuit breaker transition", fields: transition }));
  }

  /** Applies every transition that is due at `now`: OPEN → HALF_OPEN, expired probe leases → OPEN. */
  private advance(settings: BreakerSettings, now: number): Transition[] {
    const row = this.row();
    const transitions: Transition[] = [];
    if (row.state === "OPEN" && !row.forced && row.next_probe_at !== null && row.next_probe_at <= now) {
      this.sql.exec(`UPDATE breaker SET state = 'HALF_OPEN', half_open_successes = 0, next_probe_at = NULL`);
      this.sql.exec(`DELETE FROM leases`);
      transitions.push({ from: "OPEN", to: "HALF_OPEN", reason: "reset timeout elapsed" });
    } else if (row.state === "HALF_OPEN") {
      const expired = this.sql.exec(`DELETE FROM leases WHERE expires_at <= ? RETURNING id`, now).toArray().length;
      if (expired > 0) {
        this.sql.exec(`UPDATE breaker SET last_failure_class = 'probe_lease_expired', last_failure_at = ?`, now);
        transitions.push(this.open(settings, now, 0, `${expired} probe(s) never reported back`));
      }
    }
    return transitions;
  }

  private open(settings: BreakerSettings, now: number, honourUntil: number, reason: string): Transition {
    const from = this.row().state;
    const nextProbeAt = Math.max(now + settings.resetTimeoutMs, honourUntil);
    this.sql.exec(`UPDATE breaker SET state = 'OPEN', opened_at = ?, half_open_successes = 0`, now);
    this.sql.exec(`DELETE FROM leases`);
    this.setNextProbe(nextProbeAt);
    return { from, to: "OPEN", reason };
  }

  private close(reason: string): Transition {
    const from = this.row().state;
    this.sql.exec(`UPDATE breaker SET state = 'CLOSED', opened_at = NULL, next_probe_at = NULL, half_open_successes = 0, forced = 0`);
    this.sql.exec(`DELETE FROM failures`);
    this.sql.exec(`DELETE FROM leases`);
    return { from, to: "CLOSED", reason };
  }

  private setNextProbe(at: number): void {
    this.sql.exec(`UPDATE breaker SET next_probe_at = ?`, at);
  }

  /** Runs a read-modify-write in one transaction, then points the alarm at the next due transition. */
  private async thenSyncAlarm<T>(change: () => T): Promise<T> {
    const result = this.ctx.storage.transactionSync(change);
    const due = this.sql
      .exec<{ due: number | null }>(
        `SELECT CASE WHEN state = 'OPEN' AND forced = 0 THEN next_probe_at
                     WHEN state = 'HALF_OPEN' THEN (SELECT min(expires_at) FROM leases) END AS due FROM breaker WHERE id = 1`,
      )
      .one().due;
    if (due === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(due);
    return result;
  }

  private failuresInWindow(settings: BreakerSettings, now: number): number {
    this.sql.exec(`DELETE FROM failures WHERE at <= ?`, now - settings.failureWindowMs);
    return this.sql.exec<{ count: number }>(`SELECT count(*) AS count FROM failures`).one().count;
  }

  /** Keeps the latest settings for the alarm, and counts how often isolates had to ask. */
  private remember(settings: BreakerSettings): void {
    this.sql.exec(`UPDATE breaker SET settings = ?, consultations = consultations + 1`, JSON.stringify(settings));
  }

  private row(): StateRow {
    return this.sql.exec<StateRow>(`SELECT state, opened_at, next_probe_at, half_open_successes, forced, last_failure_class, last_failure_at, consultations FROM breaker WHERE id = 1`).one();
  }

  private snapshot(settings: BreakerSettings, now: number): BreakerSnapshot {
    const row = this.row();
    return {
      state: row.state,
      failuresInWindow: this.failuresInWindow(settings, now),
      openedAt: row.opened_at,
      nextProbeAt: row.next_probe_at,
      probesInFlight: this.sql.exec<{ count: number }>(`SELECT count(*) AS count FROM leases`).one().count,
      halfOpenSuccesses: row.half_open_successes,
      forced: row.forced === 1,
      lastFailureClass: row.last_failure_class,
      lastFailureAt: row.last_failure_at,
      consultations: row.consultations,
    };
  }
}
