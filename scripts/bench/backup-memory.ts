import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { runNpmScript } from "../lib/processes";
import { buildWorker, standinBindings, startWorkerInstances } from "../lib/worker-runtime";
import type { Standins } from "../standins";
import { IsolateHeap } from "./heap";
import { residentMemory, workerdChildren } from "./processes";
import { freePort } from "../lib/free-port";

export interface BackupMemoryResult {
  rows: number;
  rawMiB: number;
  gzipMiB: number;
  seconds: number;
  /** The Worker isolate's V8 heap (what Workers' 128 MB limit applies to), after a GC before the run and at its peak during it. */
  heapBeforeMiB: number;
  heapPeakUsedMiB: number;
  heapPeakTotalMiB: number;
  /** workerd's whole resident memory (runtime, every isolate, local R2), before and at peak. */
  workerdRssBeforeMiB: number;
  workerdRssPeakMiB: number;
}

const MESSAGE = "I keep replaying the conversation with my sister, and I wonder what I could have said differently. ".repeat(3);

/**
 * Backs up a database whose messages table holds `rows` rows through the Cron Trigger of the
 * built Worker on workerd, sampling workerd's resident memory while it runs.
 */
export async function backupMemory(standins: Standins, rows: number): Promise<BackupMemoryResult> {
  const databaseUrl = await standins.neon.backend.createDatabase(`numira_bench_${Date.now()}`);
  const databaseEnv = { DATABASE_URL: databaseUrl, DATABASE_WS_PROXY: standins.neon.wsProxy };
  await runNpmScript("db:migrate", databaseEnv);
  await runNpmScript("db:seed", databaseEnv);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const workDir = mkdtempSync(join(tmpdir(), "numira-bench-"));
  try {
    const [{ id: userId }] = (await client.query(`insert into users (email, password_hash) values ('bench@example.com', 'x') returning id`)).rows;
    const [{ id: conversationId }] = (await client.query(`insert into conversations (user_id, persona_id, room_id) values ($1, 'ayla', 'mirrorRoom') returning id`, [userId])).rows;
    await client.query(
      `insert into messages (conversation_id, role, content, persona_id, room_id, created_at)
       select $1, case when n % 2 = 0 then 'user' else 'assistant' end::message_role, $2 || n, 'ayla', 'mirrorRoom', now() - make_interval(secs => n)
       from generate_series(1, $3) as n`,
      [conversationId, MESSAGE, rows],
    );
    const rawBytes = Number((await client.query(`select sum(octet_length(row_to_json(m)::text)) as bytes from messages m`)).rows[0].bytes);

    const inspectorPort = await freePort();
    const instances = await startWorkerInstances(await buildWorker(join(workDir, "build")), {
      ...standinBindings(standins, databaseUrl),
      JWT_SECRET: "bench-jwt-secret-0123456789-abcdefghijklmnop",
    }, { inspectorPort });
    const heap = await IsolateHeap.connect(inspectorPort, "numira-0");
    try {
      const [workerd] = workerdChildren();
      if (!workerd) throw new Error("could not find the workerd process");
      await fetch(`${instances.urls[0]}/api/health`);
      await heap.collectGarbage();
      const heapBefore = await heap.usage();
      const rssBefore = residentMemory(workerd).rssMiB;
      const startedAt = performance.now();
      await instances.scheduled("17 3 * * *");
      let peakUsed = heapBefore.usedMiB;
      let peakTotal = heapBefore.totalMiB;
      let row: { status: string; size_bytes: string; error: string | null } | undefined;
      const deadline = Date.now() + BACKUP_DEADLINE_MS;
      while (row?.status !== "completed") {
        if (Date.now() > deadline) throw new Error(`the backup of ${rows} rows did not complete within ${BACKUP_DEADLINE_MS / 1000} s (last status: ${row?.status ?? "not started"})`);
        const sample = await heap.usage();
        peakUsed = Math.max(peakUsed, sample.usedMiB);
        peakTotal = Math.max(peakTotal, sample.totalMiB);
        row = (await client.query(`select status, size_bytes, error from backups order by started_at desc limit 1`)).rows[0];
        if (row?.status === "failed") throw new Error(`backup failed: ${row.error}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return {
        rows,
        rawMiB: round(rawBytes / 2 ** 20),
        gzipMiB: round(Number(row.size_bytes) / 2 ** 20),
        seconds: round((performance.now() - startedAt) / 1000),
        heapBeforeMiB: round(heapBefore.usedMiB),
        heapPeakUsedMiB: round(peakUsed),
        heapPeakTotalMiB: round(peakTotal),
        workerdRssBeforeMiB: round(rssBefore),
        workerdRssPeakMiB: round(residentMemory(workerd).peakMiB),
      };
    } finally {
      heap.close();
      await instances.close();
    }
  } finally {
    await client.end();
    rmSync(workDir, { recursive: true, force: true });
  }
}

const BACKUP_DEADLINE_MS = 120_000;

const round = (value: number) => Math.round(value * 10) / 10;
