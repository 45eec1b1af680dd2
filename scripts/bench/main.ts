import { mkdirSync, writeFileSync } from "node:fs";
import { startStandins } from "../standins";
import { backupMemory } from "./backup-memory";

/**
 * `npm run bench`: measurements anyone can rerun, written to bench/results.json and printed
 * as a table. Stand-ins are embedded unless BENCH_POSTGRES_URL / BENCH_REDIS_URL point at
 * real servers.
 */
async function main() {
  const standins = await startStandins({ postgresUrl: process.env.BENCH_POSTGRES_URL, redisUrl: process.env.BENCH_REDIS_URL });
  try {
    console.log(Object.values(standins.describe()).join("\n"));
    const backups = [];
    for (const rows of [20_000, 200_000]) {
      console.log(`backing up a ${rows}-row messages table…`);
      backups.push(await backupMemory(standins, rows));
    }
    const results = { measuredAt: new Date().toISOString(), machine: `${process.platform} ${process.arch}, node ${process.version}`, database: standins.describe().database, backups };
    mkdirSync("bench", { recursive: true });
    writeFileSync("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
    console.log("\n| messages rows | raw JSON | gzip in R2 | seconds | isolate heap before | isolate heap peak (used / allocated) | workerd RSS before → peak |");
    console.log("|---:|---:|---:|---:|---:|---:|---:|");
    for (const result of backups) {
      console.log(
        `| ${result.rows} | ${result.rawMiB} MiB | ${result.gzipMiB} MiB | ${result.seconds} | ${result.heapBeforeMiB} MiB | ${result.heapPeakUsedMiB} / ${result.heapPeakTotalMiB} MiB | ${result.workerdRssBeforeMiB} → ${result.workerdRssPeakMiB} MiB |`,
      );
    }
    console.log("\nWorkers allow 128 MB per isolate: compare the isolate heap peak. workerd's RSS also holds the runtime and the local R2.");
  } finally {
    await standins.close();
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
