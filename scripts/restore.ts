import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs, promisify } from "node:util";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { createGunzip } from "node:zlib";
import type { PoolClient } from "@neondatabase/serverless";
import { Miniflare } from "miniflare";
import { BACKUP_TABLES, IDENTITY_TABLES } from "../src/backup/tables";
import { ManifestSchema, manifestKey, type Manifest } from "../src/backup/manifest";
import { APPLIED_MIGRATIONS_QUERY, levelOf } from "../src/db";
import { databaseSettingsFromEnv, openPool } from "./lib/database";
import { backupBucketName } from "./lib/wrangler-config";

/**
 * `npm run restore -- --backup <id> [--dry-run] [--remote] [--env <name>] [--persist-to <dir>]`
 *
 * Reads a backup from R2 (the local state of `npm run dev` by default; Cloudflare's R2 with
 * --remote, through wrangler), verifies every object's SHA-256 against the manifest and the
 * database's migration level against the backup's, and only then replaces every backed-up
 * table in one transaction over the Neon WebSocket Pool, parents first, resetting identity
 * sequences. --dry-run verifies and reports what would change, and writes nothing.
 */
const run = promisify(execFile);
const INSERT_BATCH_BYTES = 1024 * 1024;

class Refusal extends Error {}

const { values: args } = parseArgs({
  options: {
    backup: { type: "string" },
    "dry-run": { type: "boolean", default: false },
    remote: { type: "boolean", default: false },
    env: { type: "string" },
    "persist-to": { type: "string", default: `${process.env.DEV_DATA_DIR || ".data"}/wrangler` },
  },
});

/** Where a backup's objects are read from. */
interface ObjectSource {
  /** Copies one object to a file; false when it does not exist. */
  download(key: string, file: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Cloudflare's R2, through `wrangler r2 object get --remote` (your wrangler login). */
function remoteSource(bucket: string): ObjectSource {
  return {
    async download(key, file) {
      try {
        await run("node_modules/.bin/wrangler", ["r2", "object", "get", `${bucket}/${key}`, "--file", file, "--remote", ...(args.env ? ["--env", args.env] : [])], {
          env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
        });
        return statSync(file).isFile();
      } catch {
        return false;
      }
    },
    close: async () => undefined,
  };
}

/** The local R2 state `wrangler dev --persist-to <dir>` keeps, opened the way `wrangler r2 object get --local` opens it. */
async function localSource(bucket: string, persistTo: string): Promise<ObjectSource> {
  const miniflare = new Miniflare({
    modules: true,
    script: "export default { fetch: () => new Response(null, { status: 404 }) }",
    defaultPersistRoot: join(persistTo, "v3"),
    r2Buckets: { BUCKET: bucket },
  });
  const r2 = await miniflare.getR2Bucket("BUCKET");
  return {
    async download(key, file) {
      const object = await r2.get(key);
      if (!object) return false;
      await pipeline(Readable.fromWeb(object.body as unknown as NodeReadableStream), createWriteStream(file));
      return true;
    },
    close: () => miniflare.dispose(),
  };
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Fetches and checks everything before a single row is touched. */
async function fetchVerified(source: ObjectSource, id: string, workDir: string): Promise<{ manifest: Manifest; files: Map<string, string> }> {
  const manifestFile = join(workDir, "manifest.json");
  if (!(await source.download(manifestKey(id), manifestFile))) {
    throw new Refusal(`backup ${id} has no manifest: it never finished (or the id is wrong), so it is incomplete and cannot be restored`);
  }
  const parsed = ManifestSchema.safeParse(JSON.parse(readFileSync(manifestFile, "utf8")));
  if (!parsed.success || parsed.data.id !== id) throw new Refusal(`backup ${id} has a malformed manifest`);
  const manifest = parsed.data;
  const missing = BACKUP_TABLES.filter((table) => !manifest.tables.some((entry) => entry.name === table.name)).map((table) => table.name);
  if (missing.length) throw new Refusal(`backup ${id} does not cover ${missing.join(", ")}; it cannot be restored by this build`);

  const files = new Map<string, string>();
  for (const entry of manifest.tables) {
    const file = join(workDir, `${entry.name}.jsonl.gz`);
    if (!(await source.download(entry.object, file))) throw new Refusal(`backup ${id} is incomplete: ${entry.object} is missing`);
    const size = statSync(file).size;
    const digest = await sha256Of(file);
    if (size !== entry.bytes || digest !== entry.sha256) {
      throw new Refusal(`backup ${id} is corrupted: ${entry.name} has SHA-256 ${digest} (${size} bytes), the manifest says ${entry.sha256} (${entry.bytes} bytes)`);
    }
    files.set(entry.name, file);
  }
  return { manifest, files };
}

async function* jsonLines(file: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield line;
}

/** Inserts a table's lines in batches; Postgres turns each JSON row back into the row type exactly. */
async function restoreTable(client: PoolClient, table: string, file: string): Promise<number> {
  let batch: string[] = [];
  let batchBytes = 0;
  let rows = 0;
  const flush = async () => {
    if (!batch.length) return;
    await client.query(`insert into "${table}" overriding system value select * from json_populate_recordset(null::"${table}", $1::json)`, [`[${batch.join(",")}]`]);
    rows += batch.length;
    batch = [];
    batchBytes = 0;
  };
  for await (const line of jsonLines(file)) {
    batch.push(line);
    batchBytes += line.length;
    if (batchBytes >= INSERT_BATCH_BYTES) await flush();
  }
  await flush();
  return rows;
}

async function currentCounts(client: PoolClient): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of BACKUP_TABLES) counts.set(table.name, Number((await client.query(`select count(*) as count from "${table.name}"`)).rows[0].count));
  return counts;
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd());
}

async function main() {
  const id = args.backup;
  if (!id) throw new Refusal("usage: npm run restore -- --backup <id> [--dry-run] [--remote] [--env <name>] [--persist-to <dir>]");
  const workDir = mkdtempSync(join(tmpdir(), "numira-restore-"));
  const pool = openPool(databaseSettingsFromEnv());
  const bucket = backupBucketName(args.env);
  const source = args.remote ? remoteSource(bucket) : await localSource(bucket, args["persist-to"]!);
  try {
    const { manifest, files } = await fetchVerified(source, id, workDir);
    console.log(`backup ${id}: manifest and ${files.size} objects verified (SHA-256)`);
    const client = await pool.connect();
    try {
      const level = levelOf((await client.query(APPLIED_MIGRATIONS_QUERY)).rows.map((row: { created_at: string }) => Number(row.created_at)));
      if (level.applied !== manifest.migrationLevel) {
        throw new Refusal(`backup ${id} was taken at migration ${manifest.migrationLevel}, the database is at ${level.applied ?? "none"}: bring the database to ${manifest.migrationLevel} first`);
      }
      const before = await currentCounts(client);
      if (args["dry-run"]) {
        printTable([["table", "now", "after restore"], ...manifest.tables.map((entry) => [entry.name, String(before.get(entry.name)), String(entry.rows)])]);
        console.log("dry run: nothing was written");
        return;
      }
      await client.query("begin");
      try {
        await client.query(`truncate ${BACKUP_TABLES.map((table) => `"${table.name}"`).join(", ")}`);
        const restored = new Map<string, number>();
        for (const table of BACKUP_TABLES) restored.set(table.name, await restoreTable(client, table.name, files.get(table.name)!));
        for (const table of IDENTITY_TABLES) {
          await client.query(`select setval(pg_get_serial_sequence('"${table}"', 'id'), coalesce(max(id), 0) + 1, false) from "${table}"`);
        }
        const wrong = manifest.tables.filter((entry) => restored.get(entry.name) !== entry.rows);
        if (wrong.length) throw new Refusal(`row counts differ from the manifest for ${wrong.map((entry) => entry.name).join(", ")}; nothing was written`);
        await client.query("commit");
        printTable([["table", "before", "restored"], ...manifest.tables.map((entry) => [entry.name, String(before.get(entry.name)), String(restored.get(entry.name))])]);
        console.log(`restored backup ${id} (taken ${manifest.startedAt}) in one transaction`);
      } catch (error) {
        await client.query("rollback");
        throw error;
      }
    } finally {
      client.release();
    }
  } finally {
    await Promise.all([pool.end(), source.close()]);
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(error instanceof Refusal ? `restore refused: ${reason}` : `restore failed, nothing was written: ${reason}`);
  process.exit(error instanceof Refusal ? 2 : 1);
});
