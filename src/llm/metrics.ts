import { sql } from "drizzle-orm";
import type { Database } from "../db";

export interface ProviderMetrics {
  requests: number;
  successes: number;
  failures: Record<string, number>;
  failovers: number;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  tokensIn: number;
  tokensOut: number;
}

export interface LlmMetrics {
  windowSeconds: number;
  overall: ProviderMetrics;
  providers: Record<string, ProviderMetrics>;
  cache: { hits: number; answers: number; hitRatio: number | null };
}

interface SummaryRow extends Record<string, unknown> {
  provider: string | null;
  requests: number;
  successes: number;
  failovers: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  tokens_in: number;
  tokens_out: number;
}

const emptyMetrics = (): ProviderMetrics => ({ requests: 0, successes: 0, failures: {}, failovers: 0, latencyMs: { p50: null, p95: null, p99: null }, tokensIn: 0, tokensOut: 0 });

/** LLM usage over the window, from llm_calls (per provider and overall) and assistant messages (cache hits), in one round trip. */
export async function llmMetrics(db: Database, windowSeconds: number): Promise<LlmMetrics> {
  const since = sql`now() - make_interval(secs => ${windowSeconds})`;
  const [summary, failures, cache] = await db.batch([
    db.execute<SummaryRow>(sql`
      select provider, count(*)::int as requests,
        (count(*) filter (where outcome = 'success'))::int as successes,
        (count(*) filter (where failover))::int as failovers,
        percentile_cont(0.5) within group (order by latency_ms) as p50,
        percentile_cont(0.95) within group (order by latency_ms) as p95,
        percentile_cont(0.99) within group (order by latency_ms) as p99,
        coalesce(sum(tokens_in), 0)::int as tokens_in, coalesce(sum(tokens_out), 0)::int as tokens_out
      from llm_calls where created_at > ${since} group by rollup (provider)`),
    db.execute<{ provider: string | null; outcome: string; count: number }>(sql`
      select provider, outcome, count(*)::int as count from llm_calls
      where created_at > ${since} and outcome <> 'success' group by grouping sets ((provider, outcome), (outcome))`),
    db.execute<{ hits: number; answers: number }>(sql`
      select (count(*) filter (where cached))::int as hits, count(*)::int as answers from messages
      where created_at > ${since} and role = 'assistant' and provider is distinct from 'safety'`),
  ]);

  const overall = emptyMetrics();
  const providers: Record<string, ProviderMetrics> = {};
  for (const row of summary.rows) {
    const metrics = row.provider === null ? overall : (providers[row.provider] = emptyMetrics());
    Object.assign(metrics, {
      requests: row.requests,
      successes: row.successes,
      failovers: row.failovers,
      latencyMs: { p50: roundOrNull(row.p50), p95: roundOrNull(row.p95), p99: roundOrNull(row.p99) },
      tokensIn: row.tokens_in,
      tokensOut: row.tokens_out,
    });
  }
  for (const row of failures.rows) {
    const metrics = row.provider === null ? overall : providers[row.provider];
    if (metrics) metrics.failures[row.outcome] = row.count;
  }
  const { hits, answers } = cache.rows[0] ?? { hits: 0, answers: 0 };
  return { windowSeconds, overall, providers, cache: { hits, answers, hitRatio: answers ? hits / answers : null } };
}

function roundOrNull(value: number | string | null): number | null {
  return value === null ? null : Math.round(Number(value));
}
