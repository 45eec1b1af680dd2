import { mkdirSync, writeFileSync } from "node:fs";
import { startStandins } from "../standins";
import { backupMemory, type BackupMemoryResult } from "./backup-memory";
import { speedBench, type SpeedResults } from "./speed";

/**
 * `npm run bench` (a few minutes, bounded): the built Worker on workerd against the stand-ins
 * (embedded unless BENCH_POSTGRES_URL / BENCH_REDIS_URL point at real servers). Writes
 * bench/results.json and bench/RESULTS.md and prints the tables.
 */
const TARGETS = {
  ownOverheadP50Ms: 1,
  cacheHitP50Ms: 3,
  cacheHitRps: 1000,
  cacheMissRps: 570,
  failoverOpenExtraMs: 1,
  doCallsPerRequest: 0,
  bundleGzipKiB: 300,
};

function speedTable(speed: SpeedResults): string[] {
  const lines = [
    "| LLM latency | scenario | conns | req/s | p50 ms | p95 ms | p99 ms | errors | own overhead p50 / p95 ms |",
    "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const result of speed.scenarios) {
    const { load } = result;
    const overhead = result.ownOverheadMs ? `${result.ownOverheadMs.p50} / ${result.ownOverheadMs.p95}` : "";
    lines.push(`| ${result.llmLatencyMs} ms | ${result.scenario} | ${result.connections} | ${load.requestsPerSecond} | ${load.latencyMs.p50} | ${load.latencyMs.p95} | ${load.latencyMs.p99} | ${load.errors + load.non2xx} | ${overhead} |`);
  }
  return lines;
}

function targetTable(speed: SpeedResults): string[] {
  const find = (scenario: string, connections: number, latency = 0) => speed.scenarios.find((result) => result.scenario === scenario && result.connections === connections && result.llmLatencyMs === latency)!;
  const hit1 = find("chat, cache hit", 1);
  const hit10 = find("chat, cache hit", 10);
  const miss10 = find("chat, cache miss, breaker CLOSED", 10);
  const miss1 = find("chat, cache miss, breaker CLOSED", 1);
  const open1 = find("chat, primary down, breaker OPEN (failover)", 1);
  const overhead = miss1.ownOverheadMs?.p50 ?? Number.NaN;
  const failoverExtra = Math.round((open1.load.latencyMs.p50 - miss1.load.latencyMs.p50) * 100) / 100;
  const rows: [string, string, string, boolean][] = [
    ["gateway own overhead p50 (cache miss, Server-Timing)", `≤ ${TARGETS.ownOverheadP50Ms} ms`, `${overhead} ms`, overhead <= TARGETS.ownOverheadP50Ms],
    ["chat cache hit p50, 1 connection", `≤ ${TARGETS.cacheHitP50Ms} ms`, `${hit1.load.latencyMs.p50} ms`, hit1.load.latencyMs.p50 <= TARGETS.cacheHitP50Ms],
    ["chat cache hit, 10 connections", `≥ ${TARGETS.cacheHitRps} req/s`, `${hit10.load.requestsPerSecond} req/s`, hit10.load.requestsPerSecond >= TARGETS.cacheHitRps],
    ["chat cache miss, 10 connections", `≥ ${TARGETS.cacheMissRps} req/s`, `${miss10.load.requestsPerSecond} req/s`, miss10.load.requestsPerSecond >= TARGETS.cacheMissRps],
    ["failover with breaker OPEN over healthy, p50", `≤ ${TARGETS.failoverOpenExtraMs} ms`, `${failoverExtra} ms`, failoverExtra <= TARGETS.failoverOpenExtraMs],
    ["DO calls per chat in steady CLOSED (request path)", `${TARGETS.doCallsPerRequest}`, `${speed.doCallsPerRequest}`, speed.doCallsPerRequest <= TARGETS.doCallsPerRequest],
    ["bundle (gzip)", `≤ ${TARGETS.bundleGzipKiB} KiB`, `${speed.bundle.gzipKiB} KiB`, speed.bundle.gzipKiB <= TARGETS.bundleGzipKiB],
  ];
  return ["| target | wanted | measured | met |", "|---|---:|---:|---|", ...rows.map(([name, wanted, measured, met]) => `| ${name} | ${wanted} | ${measured} | ${met ? "yes" : "**no**"} |`)];
}

/** Where the CPU of a request goes at 10 connections, and the throughput two cores could give at that cost. */
function cpuTable(speed: SpeedResults): string[] {
  const rows = speed.scenarios.filter((result) => result.connections === 10 && result.llmLatencyMs === 0 && !result.scenario.startsWith("baseline"));
  return [
    "| scenario | workerd | Node stand-ins | postgres | redis | total ms CPU | ceiling on 2 cores |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows.map((result) => {
      const { workerd, node, postgres, redis } = result.cpuMsPerRequest;
      const total = Math.round(Object.values(result.cpuMsPerRequest).reduce((sum, ms) => sum + ms, 0) * 100) / 100;
      return `| ${result.scenario} | ${workerd} | ${node} | ${postgres} | ${redis} | ${total} | ${Math.round(2000 / total)} req/s |`;
    }),
  ];
}

function backupTable(backups: BackupMemoryResult[]): string[] {
  return [
    "| messages rows | raw JSON | gzip in R2 | seconds | isolate heap before | isolate heap peak (used / allocated) | workerd RSS before → peak |",
    "|---:|---:|---:|---:|---:|---:|---:|",
    ...backups.map((result) => `| ${result.rows} | ${result.rawMiB} MiB | ${result.gzipMiB} MiB | ${result.seconds} | ${result.heapBeforeMiB} MiB | ${result.heapPeakUsedMiB} / ${result.heapPeakTotalMiB} MiB | ${result.workerdRssBeforeMiB} → ${result.workerdRssPeakMiB} MiB |`),
  ];
}

async function main() {
  const standins = await startStandins({ postgresUrl: process.env.BENCH_POSTGRES_URL, redisUrl: process.env.BENCH_REDIS_URL });
  try {
    const backends = Object.values(standins.describe());
    console.log(backends.join("\n"));
    console.log("measuring chat speed…");
    const speed = await speedBench(standins, { llmLatenciesMs: [0, 50], seconds: 3, rounds: 2 });
    const backups = [];
    for (const rows of [20_000, 200_000]) {
      console.log(`backing up a ${rows}-row messages table…`);
      backups.push(await backupMemory(standins, rows));
    }
    const measuredAt = new Date().toISOString();
    const machine = `${process.platform} ${process.arch}, node ${process.version}`;
    mkdirSync("bench", { recursive: true });
    writeFileSync("bench/results.json", `${JSON.stringify({ measuredAt, machine, backends, speed, backups }, null, 2)}\n`);
    const report = [
      `# Benchmark results`,
      "",
      `Measured ${measuredAt} on ${machine} with \`npm run bench\`; ${backends.join("; ")}.`,
      `Bundle ${speed.bundle.gzipKiB} KiB gzip; first request to a fresh isolate ${speed.bundle.firstRequestMs} ms, warm ${speed.bundle.warmRequestMs} ms.`,
      `With the default CIRCUIT_BREAKER_CACHE_TTL, the background refresh of each isolate's breaker copy adds ${speed.doRefreshesPerRequest} DO calls per chat at this rate (one per TTL per isolate, never awaited).`,
      "",
      "## Targets",
      "",
      ...targetTable(speed),
      "",
      "## Scenarios (median of rounds)",
      "",
      ...speedTable(speed),
      "",
      "## CPU per request (10 connections, fake providers at 0 ms)",
      "",
      "Read from /proc: the Worker on workerd, the Node process holding the stand-ins, and the real PostgreSQL and Redis servers when BENCH_POSTGRES_URL / BENCH_REDIS_URL are set (embedded, they count as Node).",
      "",
      ...cpuTable(speed),
      "",
      "## Backup memory",
      "",
      ...backupTable(backups),
      "",
    ].join("\n");
    writeFileSync("bench/RESULTS.md", report);
    console.log(`\n${report}`);
  } finally {
    await standins.close();
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
