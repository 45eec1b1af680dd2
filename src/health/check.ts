import { sql } from "drizzle-orm";
import type { Redis } from "../cache";
import type { ConfigIssue } from "../config";
import type { Database } from "../db";

export type DependencyStatus = "ok" | "down" | "skipped";

export interface DependencyCheck {
  status: DependencyStatus;
  latencyMs?: number;
  /** A short, secret-free reason when the dependency is down. */
  error?: string;
}

export interface HealthReport {
  status: "ok" | "degraded" | "error";
  version: string;
  time: string;
  checks: {
    configuration: { status: "ok" | "invalid"; issues?: string[] };
    database: DependencyCheck;
    cache: DependencyCheck;
  };
}

export interface HealthDependencies {
  db: Database;
  redis: Redis;
  databaseTimeoutMs: number;
  cacheTimeoutMs: number;
}

class CheckTimeout extends Error {}

async function timed(probe: () => Promise<unknown>, timeoutMs: number): Promise<DependencyCheck> {
  const startedAt = performance.now();
  let timer: ReturnType<typeof setTimeout> | null = null;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new CheckTimeout()), timeoutMs);
      }),
    ]);
    return { status: "ok", latencyMs: Math.round(performance.now() - startedAt) };
  } catch (error) {
    return { status: "down", latencyMs: Math.round(performance.now() - startedAt), error: describeFailure(error, timeoutMs) };
  } finally {
    clearTimeout(timer);
  }
}

/** A reason an operator can act on, without hosts, credentials or driver internals. */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof CheckTimeout || (error instanceof Error && error.name === "TimeoutError")) return `timed out after ${timeoutMs} ms`;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return `database error ${code}`;
  const status = (error as { status?: unknown }).status;
  if (typeof status === "number") return `answered HTTP ${status}`;
  return "unreachable";
}

/** Probes the database (SELECT 1) and the cache (PING) side by side. */
export async function checkDependencies(deps: HealthDependencies): Promise<Pick<HealthReport["checks"], "database" | "cache">> {
  const [database, cache] = await Promise.all([
    timed(() => deps.db.execute(sql`select 1`), deps.databaseTimeoutMs),
    timed(() => deps.redis.ping(), deps.cacheTimeoutMs),
  ]);
  return { database, cache };
}

export function overallStatus(configValid: boolean, checks: Pick<HealthReport["checks"], "database" | "cache">): HealthReport["status"] {
  if (!configValid || checks.database.status !== "ok") return "error";
  return checks.cache.status === "ok" ? "ok" : "degraded";
}

export function configurationCheck(issues: ConfigIssue[] | undefined): HealthReport["checks"]["configuration"] {
  return issues ? { status: "invalid", issues: issues.map((issue) => issue.message) } : { status: "ok" };
}
