import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { runNpmScript } from "../lib/processes";
import { buildWorker, standinBindings, startWorkerInstances, type WorkerInstances } from "../lib/worker-runtime";
import type { Standins } from "../standins";
import { load, type LoadResult, type LoadTarget } from "./load";
import { cpuMilliseconds, processesNamed, workerdChildren } from "./processes";

export interface ScenarioResult {
  scenario: string;
  llmLatencyMs: number;
  connections: number;
  load: LoadResult;
  /** Server-Timing `self` (total minus the time any dependency was awaited), over sequential sampled requests. */
  ownOverheadMs: { p50: number; p95: number } | null;
  /** CPU milliseconds per request, by the process (group) that spent them. */
  cpuMsPerRequest: Record<CpuGroup, number>;
}

type CpuGroup = "workerd" | "node" | "postgres" | "redis";

/** Who spends CPU on a request on this box; autocannon runs in a process of its own and is left out. */
const CPU_GROUPS: Record<CpuGroup, () => number[]> = {
  workerd: () => workerdChildren(),
  node: () => [process.pid],
  postgres: () => processesNamed("postgres"),
  redis: () => processesNamed("redis-server"),
};

const CPU_GROUP_NAMES = Object.keys(CPU_GROUPS) as CpuGroup[];

const perCpuGroup = (figure: (group: CpuGroup) => number) => Object.fromEntries(CPU_GROUP_NAMES.map((group) => [group, figure(group)])) as Record<CpuGroup, number>;

/** Drives a target and divides the CPU every group spent meanwhile by the requests served. */
async function loadWithCpu(target: LoadTarget, connections: number, seconds: number): Promise<{ load: LoadResult; cpuMsPerRequest: Record<CpuGroup, number> }> {
  const before = perCpuGroup((group) => cpuMilliseconds(CPU_GROUPS[group]()));
  const measured = await load(target, connections, seconds);
  const after = perCpuGroup((group) => cpuMilliseconds(CPU_GROUPS[group]()));
  return { load: measured, cpuMsPerRequest: perCpuGroup((group) => round((after[group] - before[group]) / Math.max(1, measured.requests))) };
}

export interface SpeedResults {
  bundle: { gzipKiB: number; firstRequestMs: number; warmRequestMs: number };
  /** Durable Object calls per chat in steady CLOSED with the copy fresh for the whole run: the request path's own. */
  doCallsPerRequest: number;
  /** The same with the default CIRCUIT_BREAKER_CACHE_TTL: the background refreshes of the isolate copy. */
  doRefreshesPerRequest: number;
  scenarios: ScenarioResult[];
}

const SECRET = "bench-jwt-secret-0123456789-abcdefghijklmnop";
const PASSWORD = "correct horse battery staple";
const OWN_OVERHEAD_SAMPLES = 100;

interface Runtime {
  name: string;
  instances: WorkerInstances;
  url: string;
  openaiKey: string;
  token: string;
}

/**
 * Chat throughput and latency on the built Worker on workerd (no `wrangler dev` proxy),
 * each scenario at 1 connection (latency) and 10 (throughput), interleaved round by round
 * so drift in the machine touches every scenario alike.
 */
export async function speedBench(standins: Standins, options: { llmLatenciesMs: number[]; seconds: number; rounds: number }): Promise<SpeedResults> {
  const databaseUrl = await standins.neon.backend.createDatabase(`numira_speed_${Date.now()}`);
  const databaseEnv = { DATABASE_URL: databaseUrl, DATABASE_WS_PROXY: standins.neon.wsProxy };
  await runNpmScript("db:migrate", databaseEnv);
  await runNpmScript("db:seed", databaseEnv);
  const workDir = mkdtempSync(join(tmpdir(), "numira-speed-"));
  const scriptPath = await buildWorker(join(workDir, "build"));
  const gzipKiB = Math.round((gzipSync(readFileSync(scriptPath)).length / 1024) * 10) / 10;
  const llm = standins.llm.url;
  const control = (path: string, init?: RequestInit) => fetch(`${llm}/control/${path}`, init);
  const fault = (apiKey: string, provider: string, body: unknown) =>
    control("faults", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ provider, apiKey, fault: body }) });

  const runtimes: Runtime[] = [];
  const startRuntime = async (name: string, extra: Record<string, string>): Promise<Runtime> => {
    const openaiKey = `sk-bench-${name}`;
    const instances = await startWorkerInstances(scriptPath, {
      ...standinBindings(standins, databaseUrl),
      CACHE_NAMESPACE: `bench_${name}_${Date.now()}`,
      JWT_SECRET: SECRET,
      OPENAI_API_KEY: openaiKey,
      ANTHROPIC_API_KEY: "sk-ant-bench",
      RATE_LIMIT_PER_IP: "1000000",
      RATE_LIMIT_AI_PER_MINUTE: "100000",
      RATE_LIMIT_AI_PER_HOUR: "1000000",
      RATE_LIMIT_AUTH_PER_IP: "100000",
      LOG_LEVEL: "error",
      ...extra,
    });
    const url = instances.urls[0]!;
    const email = `bench-${name}-${Date.now()}@example.com`;
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${url}${path}`, { method: "POST", headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    const registered = await post("/api/auth/register", { email, password: PASSWORD });
    if (registered.status !== 201) throw new Error(`the ${name} Worker did not register a user: ${registered.status} ${await registered.text()}`);
    const { accessToken } = (await registered.json()) as { accessToken: string };
    const { version } = (await (await fetch(`${url}/api/disclaimer`)).json()) as { version: string };
    await post("/api/disclaimer/acknowledge", { version }, accessToken);
    const runtime = { name, instances, url, openaiKey, token: accessToken };
    runtimes.push(runtime);
    return runtime;
  };

  try {
    const healthy = await startRuntime("healthy", {});
    const open = await startRuntime("open", { CIRCUIT_BREAKER_FAILURE_THRESHOLD: "1", CIRCUIT_BREAKER_RESET_TIMEOUT: "86400000" });
    const closed = await startRuntime("closed", { CIRCUIT_BREAKER_FAILURE_THRESHOLD: "1000" , CIRCUIT_BREAKER_FAILURE_WINDOW: "1000" });
    const fresh = await startRuntime("fresh", { CIRCUIT_BREAKER_CACHE_TTL: "60000" });
    await fault(open.openaiKey, "openai", { kind: "status", status: 503 });
    await fault(closed.openaiKey, "openai", { kind: "status", status: 503 });

    const firstRequestStartedAt = performance.now();
    await fetch(`${healthy.url}/api/health`);
    const firstRequestMs = performance.now() - firstRequestStartedAt;
    const warm: number[] = [];
    for (let index = 0; index < 50; index += 1) {
      const startedAt = performance.now();
      await fetch(`${healthy.url}/api/health`);
      warm.push(performance.now() - startedAt);
    }

    const chat = (runtime: Runtime, message: string): LoadTarget => ({
      url: `${runtime.url}/api/ai/chat`,
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${runtime.token}` },
      body: JSON.stringify({ personaId: "ayla", roomId: "mirrorRoom", message }),
    });
    const scenarios: { name: string; target: LoadTarget; serverTiming: boolean }[] = [
      {
        name: "baseline: fake provider directly",
        target: {
          url: `${llm}/openai/v1/chat/completions`,
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${healthy.openaiKey}` },
          body: JSON.stringify({ model: "gpt-4", messages: [{ role: "user", content: "hello" }] }),
        },
        serverTiming: false,
      },
      { name: "chat, cache miss, breaker CLOSED", target: chat(healthy, "A fresh thought [<id>]"), serverTiming: true },
      { name: "chat, cache hit", target: chat(healthy, "The same thought again"), serverTiming: true },
      { name: "chat, primary down, breaker OPEN (failover)", target: chat(open, "Failover thought [<id>]"), serverTiming: true },
      { name: "chat, primary down, breaker still CLOSED", target: chat(closed, "First failures [<id>]"), serverTiming: true },
      { name: "GET /api/health", target: { url: `${healthy.url}/api/health`, method: "GET" }, serverTiming: true },
    ];
    // Warm every path once: the cache entry, the open circuit, the isolates.
    for (const scenario of scenarios) await load(scenario.target, 1, 1);

    const results: ScenarioResult[] = [];
    for (const llmLatencyMs of options.llmLatenciesMs) {
      for (const key of [healthy.openaiKey, "sk-ant-bench"]) await control(`faults?apiKey=${encodeURIComponent(key)}`, { method: "DELETE" });
      if (llmLatencyMs > 0) {
        await fault(healthy.openaiKey, "openai", { kind: "delay", ms: llmLatencyMs });
        await fault("sk-ant-bench", "anthropic", { kind: "delay", ms: llmLatencyMs });
      }
      for (let round = 0; round < options.rounds; round += 1) {
        for (const scenario of scenarios) {
          for (const connections of [1, 10]) {
            const measured = await loadWithCpu(scenario.target, connections, options.seconds);
            const ownOverheadMs = round === 0 && connections === 1 && scenario.serverTiming ? await ownOverhead(scenario.target) : null;
            results.push({ scenario: scenario.name, llmLatencyMs, connections, ...measured, ownOverheadMs });
          }
        }
      }
    }

    /** Consultations of every provider's object so far, and how many this read itself added (one per object, counted in). */
    const consultations = async (runtime: Runtime) => {
      const status = (await (await fetch(`${runtime.url}/api/llm/status`, { headers: { Authorization: `Bearer ${await adminToken(runtime, databaseEnv)}` } })).json()) as {
        providers: { name: string; breaker: { consultations: number } | null }[];
      };
      const breakers = status.providers.filter((provider) => provider.breaker);
      return { total: breakers.reduce((total, provider) => total + provider.breaker!.consultations, 0), ownReads: breakers.length };
    };
    const doCallsPerSteadyChat = async (runtime: Runtime) => {
      await load(chat(runtime, "Warming [<id>]"), 1, 1);
      const before = await consultations(runtime);
      const steady = await load(chat(runtime, "Steady state [<id>]"), 10, options.seconds);
      const after = await consultations(runtime);
      return Math.round(((after.total - after.ownReads - before.total) / Math.max(1, steady.requests)) * 1000) / 1000;
    };
    const doCallsPerRequest = await doCallsPerSteadyChat(fresh);
    const doRefreshesPerRequest = await doCallsPerSteadyChat(healthy);

    const warmSorted = warm.sort((a, b) => a - b);
    return {
      bundle: { gzipKiB, firstRequestMs: round(firstRequestMs), warmRequestMs: round(warmSorted[Math.floor(warmSorted.length / 2)]!) },
      doCallsPerRequest,
      doRefreshesPerRequest,
      scenarios: aggregate(results),
    };
  } finally {
    for (const runtime of runtimes) await runtime.instances.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

let cachedAdminToken: string | undefined;

/** An admin of the bench database: registered through the API, promoted with the operator command. */
async function adminToken(runtime: Runtime, databaseEnv: Record<string, string>): Promise<string> {
  if (cachedAdminToken) return cachedAdminToken;
  const email = `bench-admin-${Date.now()}@example.com`;
  const post = (path: string) => fetch(`${runtime.url}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password: PASSWORD }) });
  await post("/api/auth/register");
  await runNpmScript("user:promote", databaseEnv, ["--email", email]);
  cachedAdminToken = ((await (await post("/api/auth/login")).json()) as { accessToken: string }).accessToken;
  return cachedAdminToken;
}

/** Server-Timing's `self` figure, for sequential requests. */
async function ownOverhead(target: LoadTarget): Promise<{ p50: number; p95: number }> {
  const samples: number[] = [];
  for (let index = 0; index < OWN_OVERHEAD_SAMPLES; index += 1) {
    const response = await fetch(target.url, { method: target.method, headers: target.headers, body: target.body?.replace("[<id>]", `s${index}-${Date.now()}`) });
    await response.arrayBuffer();
    const timing = Object.fromEntries((response.headers.get("Server-Timing") ?? "").split(", ").map((entry) => entry.split(";dur=")).map(([name, value]) => [name, Number(value)]));
    samples.push(timing.self!);
  }
  samples.sort((a, b) => a - b);
  return { p50: round(samples[Math.floor(samples.length * 0.5)]!), p95: round(samples[Math.floor(samples.length * 0.95)]!) };
}

/** Rounds of one scenario and connection count folded into one row: the median of each figure. */
function aggregate(results: ScenarioResult[]): ScenarioResult[] {
  const groups = new Map<string, ScenarioResult[]>();
  for (const result of results) {
    const key = `${result.llmLatencyMs}|${result.scenario}|${result.connections}`;
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  return [...groups.values()].map((group) => {
    const median = (pick: (result: ScenarioResult) => number) => {
      const values = group.map(pick).sort((a, b) => a - b);
      return values[Math.floor(values.length / 2)]!;
    };
    const first = group[0]!;
    return {
      ...first,
      load: {
        requests: group.reduce((total, result) => total + result.load.requests, 0),
        errors: group.reduce((total, result) => total + result.load.errors, 0),
        non2xx: group.reduce((total, result) => total + result.load.non2xx, 0),
        requestsPerSecond: median((result) => result.load.requestsPerSecond),
        latencyMs: { p50: median((result) => result.load.latencyMs.p50), p95: median((result) => result.load.latencyMs.p95), p99: median((result) => result.load.latencyMs.p99) },
      },
      ownOverheadMs: group.find((result) => result.ownOverheadMs)?.ownOverheadMs ?? null,
      cpuMsPerRequest: perCpuGroup((group) => median((result) => result.cpuMsPerRequest[group])),
    };
  });
}

const round = (value: number) => Math.round(value * 100) / 100;
