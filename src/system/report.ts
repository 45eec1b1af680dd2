import { desc } from "drizzle-orm";
import type { BreakerClient, BreakerState } from "../breaker";
import { PROVIDER_NAMES, type Config, type PublicSettingValue } from "../config";
import { migrationLevel, type Database, type MigrationLevel } from "../db";
import { backups } from "../db/schema";
import { checkDependencies, type DependencyCheck } from "../health";
import type { Redis } from "../cache";
import { BUILD_INFO, type BuildInfo } from "../version";

/** A part of the report that could not be read, and why, instead of failing the whole report. */
export interface Unavailable {
  unavailable: string;
}

export interface LastBackup {
  id: string;
  status: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  sizeBytes: number | null;
}

export interface SystemReport {
  build: BuildInfo;
  environment: string;
  bindings: Record<string, boolean>;
  dependencies: {
    database: DependencyCheck & { via: "neon" | "local stand-in" };
    cache: DependencyCheck & { enabled: boolean; namespace: string };
    providers: { name: string; primary: boolean; configured: boolean; model: string; endpoint: string }[];
  };
  configuration: Record<string, PublicSettingValue>;
  migrations: MigrationLevel | Unavailable;
  breakers: Record<string, { state: BreakerState; failuresInWindow: number; forced: boolean } | Unavailable>;
  lastBackup: LastBackup | null | Unavailable;
}

export interface SystemDependencies {
  config: Config;
  db: Database;
  redis: Redis;
  breakers: BreakerClient;
  bindings: Record<string, unknown>;
}

/** Bindings the Worker needs from wrangler.toml; the report says which this deployment has. */
const REQUIRED_BINDINGS = ["CIRCUIT_BREAKER", "BACKUPS"] as const;

/** Build, configuration and the live state of every dependency, with secrets shown only as set or not. */
export async function systemReport(deps: SystemDependencies): Promise<SystemReport> {
  const { config } = deps;
  const [checks, migrations, breakers, lastBackup] = await Promise.all([
    checkDependencies({ db: deps.db, redis: deps.redis, databaseTimeoutMs: config.database.timeoutMs, cacheTimeoutMs: config.cache.timeoutMs }),
    orUnavailable(migrationLevel(deps.db)),
    breakerSummary(deps.breakers),
    orUnavailable(latestBackup(deps.db)),
  ]);
  return {
    build: BUILD_INFO,
    environment: config.environment,
    bindings: Object.fromEntries(REQUIRED_BINDINGS.map((name) => [name, deps.bindings[name] !== undefined])),
    dependencies: {
      database: { ...checks.database, via: config.database.httpEndpoint ? "local stand-in" : "neon" },
      cache: { ...checks.cache, enabled: config.cache.enabled, namespace: config.cache.namespace },
      providers: PROVIDER_NAMES.map((name) => {
        const provider = config.ai.providers[name];
        return { name, primary: config.ai.primary === name, configured: provider.apiKey !== undefined, model: provider.model, endpoint: provider.baseUrl ?? "default" };
      }),
    },
    configuration: config.publicSettings,
    migrations,
    breakers,
    lastBackup,
  };
}

async function breakerSummary(client: BreakerClient): Promise<SystemReport["breakers"]> {
  const entries = await Promise.all(
    PROVIDER_NAMES.map(async (name) => {
      const summary = await orUnavailable(client.status(name).then(({ state, failuresInWindow, forced }) => ({ state, failuresInWindow, forced })));
      return [name, summary] as const;
    }),
  );
  return Object.fromEntries(entries);
}

async function latestBackup(db: Database): Promise<LastBackup | null> {
  const [row] = await db.select().from(backups).orderBy(desc(backups.startedAt)).limit(1);
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    trigger: row.trigger,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    sizeBytes: row.sizeBytes,
  };
}

async function orUnavailable<T>(work: Promise<T>): Promise<T | Unavailable> {
  try {
    return await work;
  } catch (error) {
    return { unavailable: error instanceof Error && error.name === "TimeoutError" ? "timed out" : "could not be read" };
  }
}
