import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import type { Standins } from "../standins";
import { buildDefineArgs } from "./build-info";

const run = promisify(execFile);

/** Bundles the Worker exactly as `wrangler deploy` would (with the build info), without uploading it. */
export async function buildWorker(outDir: string): Promise<string> {
  await run("node_modules/.bin/wrangler", ["deploy", "--dry-run", "--env", "", "--outdir", outDir, ...buildDefineArgs()], {
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  });
  return join(outDir, "index.js");
}

export interface WorkerInstances {
  /** One base URL per instance, each served by its own isolate. */
  urls: string[];
  /** The BACKUPS bucket, for a test to inspect or tamper with. */
  backups(): ReturnType<Miniflare["getR2Bucket"]>;
  /** Fires the Cron Trigger, as Cloudflare would (on the first instance). */
  scheduled(cron: string): Promise<void>;
  close(): Promise<void>;
}

export interface WorkerInstanceOptions {
  count?: number;
  /** Keep local state (R2, Durable Objects) where `wrangler ... --persist-to <dir>` finds it; in memory otherwise. */
  persistTo?: string;
  /** Open workerd's V8 inspector (Chrome DevTools Protocol) on this port, to read heap figures. */
  inspectorPort?: number;
}

/**
 * Runs the built Worker on workerd directly (no `wrangler dev` proxy) as `count` separate
 * Workers, so each request lands in the isolate of the instance it was sent to. Bindings
 * come from wrangler.toml; the instances share its Durable Objects and R2 bucket, as the
 * isolates of a deployment do.
 */
export async function startWorkerInstances(scriptPath: string, vars: Record<string, string>, { count = 1, persistTo, inspectorPort }: WorkerInstanceOptions = {}): Promise<WorkerInstances> {
  const wrangler = unstable_getMiniflareWorkerOptions("wrangler.toml").workerOptions;
  const names = Array.from({ length: count }, (_, index) => `numira-${index}`);
  const miniflare = new Miniflare({
    host: "127.0.0.1",
    port: 0,
    unsafeTriggerHandlers: true,
    ...(inspectorPort ? { inspectorPort, inspectorHost: "127.0.0.1" } : {}),
    ...(persistTo ? { defaultPersistRoot: join(persistTo, "v3") } : {}),
    workers: names.map((name) => ({
      name,
      modules: true,
      modulesRoot: dirname(scriptPath),
      scriptPath,
      compatibilityDate: wrangler.compatibilityDate,
      compatibilityFlags: wrangler.compatibilityFlags,
      bindings: { ...wrangler.bindings, LOG_LEVEL: "warn", LOG_FORMAT: "json", ...vars },
      durableObjects: Object.fromEntries(Object.entries(wrangler.durableObjects ?? {}).map(([binding, object]) => [binding, { ...(object as object), scriptName: names[0] }])),
      r2Buckets: wrangler.r2Buckets,
      unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
      ...(inspectorPort ? { unsafeInspectorProxy: true } : {}),
    })),
  });
  const entry = await miniflare.ready;
  const urls = await Promise.all(names.map(async (name) => (await miniflare.unsafeGetDirectURL(name)).origin));
  return {
    urls,
    backups: () => miniflare.getR2Bucket("BACKUPS", names[0]),
    async scheduled(cron) {
      const response = await fetch(new URL(`/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron)}`, entry));
      if (!response.ok) throw new Error(`scheduled handler answered ${response.status}: ${await response.text()}`);
    },
    close: () => miniflare.dispose(),
  };
}

/** The bindings that point a Worker at the local stand-ins and a database of its own. */
export function standinBindings(standins: Standins, databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    DATABASE_HTTP_ENDPOINT: standins.neon.httpUrl,
    DATABASE_WS_PROXY: standins.neon.wsProxy,
    UPSTASH_REDIS_REST_URL: standins.upstash.url,
    UPSTASH_REDIS_REST_TOKEN: standins.upstash.token,
    OPENAI_BASE_URL: `${standins.llm.url}/openai/v1`,
    ANTHROPIC_BASE_URL: `${standins.llm.url}/anthropic`,
  };
}
