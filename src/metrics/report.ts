import { sql } from "drizzle-orm";
import type { Database } from "../db";
import { llmMetrics, type LlmMetrics } from "../llm";

export type StatusClass = "1xx" | "2xx" | "3xx" | "4xx" | "5xx";

export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface RouteMetrics {
  method: string;
  route: string;
  requests: number;
  byStatusClass: Partial<Record<StatusClass, number>>;
  latencyMs: Percentiles;
}

export interface MetricsReport {
  windowSeconds: number;
  generatedAt: string;
  requests: {
    total: number;
    byStatusClass: Partial<Record<StatusClass, number>>;
    /** Share of requests answered with a 5xx. */
    errorRate: number | null;
    rateLimited: number;
    latencyMs: Percentiles;
    routes: RouteMetrics[];
  };
  activeUsers: number;
  chats: { total: number; byPersona: Record<string, number>; byRoom: Record<string, number> };
  cache: { hits: number; misses: number; bypassed: number; hitRatio: number | null };
  llm: LlmMetrics;
}

interface RouteRow extends Record<string, unknown> {
  method: string | null;
  route: string | null;
  requests: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

interface TotalsRow extends Record<string, unknown> {
  server_errors: number;
  rate_limited: number;
  active_users: number;
  cache_hits: number;
  cache_misses: number;
  cache_bypassed: number;
}

/** Every request, chat and LLM figure over the window, from shared rows in three round trips at most. */
export async function metricsReport(db: Database, windowSeconds: number, now = new Date()): Promise<MetricsReport> {
  const since = sql`now() - make_interval(secs => ${windowSeconds})`;
  const [[routes, classes, totals, chats], llm] = await Promise.all([
    db.batch([
      db.execute<RouteRow>(sql`
        select method, route, count(*)::int as requests,
          percentile_cont(0.5) within group (order by duration_ms) as p50,
          percentile_cont(0.95) within group (order by duration_ms) as p95,
          percentile_cont(0.99) within group (order by duration_ms) as p99
        from request_metrics where created_at > ${since}
        group by grouping sets ((method, route), ()) order by method, route`),
      db.execute<{ method: string | null; route: string | null; status_class: StatusClass; requests: number }>(sql`
        select method, route, (status / 100)::text || 'xx' as status_class, count(*)::int as requests
        from request_metrics where created_at > ${since}
        group by grouping sets ((method, route, status / 100), (status / 100))`),
      db.execute<TotalsRow>(sql`
        select (count(*) filter (where status >= 500))::int as server_errors,
          (count(*) filter (where status = 429))::int as rate_limited,
          count(distinct user_id)::int as active_users,
          (count(*) filter (where cache = 'HIT'))::int as cache_hits,
          (count(*) filter (where cache = 'MISS'))::int as cache_misses,
          (count(*) filter (where cache = 'BYPASS'))::int as cache_bypassed
        from request_metrics where created_at > ${since}`),
      db.execute<{ persona_id: string | null; room_id: string | null; chats: number }>(sql`
        select persona_id, room_id, count(*)::int as chats from messages
        where created_at > ${since} and role = 'user'
        group by grouping sets ((persona_id), (room_id), ())`),
    ]),
    llmMetrics(db, windowSeconds),
  ]);

  const overall = routes.rows.find((row) => row.route === null);
  const total = overall?.requests ?? 0;
  const routeMetrics = routes.rows
    .filter((row) => row.route !== null)
    .map((row): RouteMetrics => ({ method: row.method!, route: row.route!, requests: row.requests, byStatusClass: {}, latencyMs: percentiles(row) }));
  const byStatusClass: Partial<Record<StatusClass, number>> = {};
  for (const row of classes.rows) {
    const target = row.route === null ? byStatusClass : routeMetrics.find((metrics) => metrics.method === row.method && metrics.route === row.route)?.byStatusClass;
    if (target) target[row.status_class] = row.requests;
  }
  const counts = totals.rows[0]!;
  return {
    windowSeconds,
    generatedAt: now.toISOString(),
    requests: {
      total,
      byStatusClass,
      errorRate: total ? counts.server_errors / total : null,
      rateLimited: counts.rate_limited,
      latencyMs: overall ? percentiles(overall) : { p50: null, p95: null, p99: null },
      routes: routeMetrics,
    },
    activeUsers: counts.active_users,
    chats: chatCounts(chats.rows),
    cache: {
      hits: counts.cache_hits,
      misses: counts.cache_misses,
      bypassed: counts.cache_bypassed,
      hitRatio: counts.cache_hits + counts.cache_misses ? counts.cache_hits / (counts.cache_hits + counts.cache_misses) : null,
    },
    llm,
  };
}

function chatCounts(rows: { persona_id: string | null; room_id: string | null; chats: number }[]): MetricsReport["chats"] {
  const result: MetricsReport["chats"] = { total: 0, byPersona: {}, byRoom: {} };
  for (const row of rows) {
    if (row.persona_id !== null) result.byPersona[row.persona_id] = row.chats;
    else if (row.room_id !== null) result.byRoom[row.room_id] = row.chats;
    else result.total = row.chats;
  }
  return result;
}

const roundedMs = (value: number | string | null) => (value === null ? null : Math.round(Number(value) * 100) / 100);

function percentiles(row: RouteRow): Percentiles {
  return { p50: roundedMs(row.p50), p95: roundedMs(row.p95), p99: roundedMs(row.p99) };
}
