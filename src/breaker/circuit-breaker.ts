import { DurableObject } from "cloudflare:workers";

export type BreakerState = "CLOSED" | "OPEN" | "HALF_OPEN";

export interface BreakerSnapshot {
  state: BreakerState;
  changedAt: number;
}

/**
 * One instance per LLM provider (`idFromName(provider)`), holding that provider's breaker
 * state for the whole fleet in SQLite storage.
 */
export class CircuitBreaker extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS breaker (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL, changed_at INTEGER NOT NULL)`,
    );
    ctx.storage.sql.exec(`INSERT OR IGNORE INTO breaker (id, state, changed_at) VALUES (1, 'CLOSED', ?)`, Date.now());
  }

  snapshot(): BreakerSnapshot {
    const row = this.ctx.storage.sql.exec<{ state: BreakerState; changed_at: number }>(`SELECT state, changed_at FROM breaker WHERE id = 1`).one();
    return { state: row.state, changedAt: row.changed_at };
  }

  reset(): BreakerSnapshot {
    this.ctx.storage.sql.exec(`UPDATE breaker SET state = 'CLOSED', changed_at = ? WHERE id = 1`, Date.now());
    return this.snapshot();
  }
}
