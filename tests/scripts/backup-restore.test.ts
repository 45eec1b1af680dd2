import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKUP_TABLES } from "../../src/backup/tables";
import { buildWorker, standinBindings, startWorkerInstances } from "../../scripts/lib/worker-runtime";
import type { Standins } from "../../scripts/standins";
import { freshDatabase, npmRun, startTestStandins } from "./harness";

const LARGE_TEXT = `${"Long reflection ✍️ ".repeat(6000)}\nwith "quotes", back\\slashes, tabs\t, a line\u2028separator and NUL-free control \u0001 chars`;

/** Rows that stress the format: unicode and emoji, nulls, json, arrays, large text, timestamps from several zones with microseconds. */
async function seedEdgeCases(client: pg.Client): Promise<void> {
  const [{ id: userId }] = (
    await client.query(`insert into users (email, password_hash, display_name, disclaimer_version, disclaimer_accepted_at, created_at)
      values ('Zoë.Ålesund+test@example.com', 'pbkdf2-sha256$1$AA==$AA==', 'Zoë 🌊 “quoted” \\ name', '2026-12-01', '2026-03-29 01:30:00.123456+05:45', '2025-10-26 01:59:59.999999-07:00') returning id`)
  ).rows;
  await client.query(`insert into users (email, password_hash, display_name) values ('no-name@example.com', 'x', null)`);
  const [{ id: sessionId }] = (await client.query(`insert into sessions (user_id, expires_at, user_agent) values ($1, '2027-01-01 00:00:00+14:00', 'Mozilla/5.0 (Ünïcode)') returning id`, [userId])).rows;
  await client.query(`insert into refresh_tokens (session_id, token_hash, expires_at) values ($1, 'hash-1', now() + interval '30 days')`, [sessionId]);
  const [{ id: conversationId }] = (await client.query(`insert into conversations (user_id, persona_id, room_id, title) values ($1, 'ayla', 'mirrorRoom', '日本語のタイトル 🎌') returning id`, [userId])).rows;
  await client.query(
    `insert into messages (conversation_id, role, content, persona_id, room_id, provider, model, tokens_in, tokens_out, latency_ms, cached, status, created_at)
     values ($1, 'user', $2, 'ayla', 'mirrorRoom', null, null, null, null, null, false, 'completed', '2026-06-01 12:00:00.000001+00'),
            ($1, 'assistant', 'Reply with emoji 😀👍🏽 and RTL עברית', 'ayla', 'mirrorRoom', 'openai', 'gpt-4', 12, 34, 567, true, 'completed', '2026-06-01 08:00:00.5-04:00')`,
    [conversationId, LARGE_TEXT],
  );
  await client.query(`insert into journals (user_id, conversation_id, title, content, mood, tags) values ($1, $2, 'Entry 📓', 'Body', null, '{calm,"with space","ünï"}'), ($1, null, 'No tags', '', 'ok', '{}')`, [userId, conversationId]);
  await client.query(`insert into llm_calls (request_id, user_id, provider, model, outcome, http_status, latency_ms) values ('req-1', $1, 'openai', 'gpt-4', 'server_error', 503, 1200), ('req-2', null, 'anthropic', 'claude-2', 'success', null, 800)`, [userId]);
  await client.query(`insert into audit_log (actor_id, actor, action, target, details) values ($1, 'admin', 'test.seed', null, $2)`, [userId, JSON.stringify({ nested: { list: [1, 2.5, null, "ü"], flag: true }, big: 9007199254740993n.toString() })]);
  await client.query(`insert into request_metrics (method, route, status, duration_ms, user_id, cache) values ('GET', '/api/health', 200, 1.25, null, null), ('POST', '/api/ai/chat', 200, 812.125, $1, 'HIT')`, [userId]);
}

/** Each backed-up table's content, hashed in primary-key order. */
async function contentHashes(client: pg.Client): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const table of BACKUP_TABLES) {
    const order = table.key.map((column) => `t."${column}"`).join(", ");
    hashes[table.name] = (await client.query(`select count(*) || ':' || md5(coalesce(string_agg(t::text, E'\\n' order by ${order}), '')) as hash from "${table.name}" t`)).rows[0].hash;
  }
  return hashes;
}

describe("backup and restore", () => {
  let standins: Standins;
  let databaseEnv: Record<string, string>;
  let client: pg.Client;
  let workDir: string;
  let original: Record<string, string>;
  const backupIds: string[] = [];
  let restoreEnv: Record<string, string>;

  const restore = (id: string, ...flags: string[]) => npmRun("restore", ["--backup", id, "--persist-to", join(workDir, "state"), ...flags], restoreEnv);

  beforeAll(async () => {
    standins = await startTestStandins();
    databaseEnv = await freshDatabase(standins);
    for (const script of ["db:migrate", "db:seed"]) expect((await npmRun(script, [], databaseEnv)).code).toBe(0);
    client = new pg.Client({ connectionString: databaseEnv.DATABASE_URL });
    await client.connect();
    await seedEdgeCases(client);
    original = await contentHashes(client);

    workDir = mkdtempSync(join(tmpdir(), "numira-backup-"));
    const instances = await startWorkerInstances(
      await buildWorker(join(workDir, "build")),
      {
        ...standinBindings(standins, databaseEnv.DATABASE_URL!),
        CACHE_NAMESPACE: `backup_${Date.now()}`,
        JWT_SECRET: "backup-test-jwt-secret-0123456789-abcdefghij",
        BACKUP_PAGE_SIZE: "10",
      },
      { persistTo: join(workDir, "state") },
    );
    try {
      // Three backups through the Cron Trigger: no HTTP traffic, so nothing changes while they run.
      for (let run = 0; run < 3; run += 1) {
        await instances.scheduled("17 3 * * *");
        let row: { id: string; status: string } | undefined;
        for (let attempt = 0; attempt < 300 && row?.status !== "completed"; attempt += 1) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          row = (await client.query(`select id, status from backups where id <> all($1) order by started_at desc limit 1`, [backupIds])).rows[0];
          if (row?.status === "failed") throw new Error(`backup failed: ${JSON.stringify(row)}`);
        }
        backupIds.push(row!.id);
      }
      const bucket = await instances.backups();
      const tampered = gzipSync('{"id":"00000000-0000-4000-8000-000000000000","email":"intruder@example.com"}\n');
      const usersObject = `backups/${backupIds[1]}/users.jsonl.gz`;
      await bucket.put(usersObject, tampered.buffer.slice(tampered.byteOffset, tampered.byteOffset + tampered.length) as ArrayBuffer);
      await bucket.delete(`backups/${backupIds[2]}/manifest.json`);
    } finally {
      await instances.close();
    }
    restoreEnv = { ...databaseEnv, DEV_DATA_DIR: "" };
  }, 240_000);

  afterAll(async () => {
    await client?.end();
    await standins?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("a dry run verifies the backup and reports per table, writing nothing", async () => {
    const result = await restore(backupIds[0]!, "--dry-run");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("verified (SHA-256)");
    expect(result.stdout).toMatch(/^messages\s+2\s+2$/m);
    expect(result.stdout).toContain("dry run: nothing was written");
    expect(await contentHashes(client)).toEqual(original);
  });

  it("restores a wiped database to identical content in every table, and new rows get fresh ids", async () => {
    await client.query(`truncate ${BACKUP_TABLES.map((table) => `"${table.name}"`).join(", ")}`);
    expect((await contentHashes(client)).users).toBe("0:d41d8cd98f00b204e9800998ecf8427e");

    const result = await restore(backupIds[0]!);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^users\s+0\s+2$/m);
    expect(await contentHashes(client)).toEqual(original);

    const maxAudit = Number((await client.query(`select max(id) from audit_log`)).rows[0].max);
    const inserted = await client.query(`insert into audit_log (actor, action) values ('cli', 'after.restore') returning id`);
    expect(Number(inserted.rows[0].id)).toBe(maxAudit + 1);
    const call = await client.query(`insert into llm_calls (request_id, provider, model, outcome, latency_ms) values ('after', 'openai', 'gpt-4', 'success', 1) returning id`);
    expect(Number(call.rows[0].id)).toBe(3);
    await client.query(`delete from audit_log where action = 'after.restore'; delete from llm_calls where request_id = 'after'`);
  });

  it("refuses a backup with an altered object, and one without its manifest, writing nothing", async () => {
    const before = await contentHashes(client);
    const corrupted = await restore(backupIds[1]!);
    expect(corrupted.code).toBe(2);
    expect(corrupted.stderr).toMatch(/restore refused: backup \S+ is corrupted: users has SHA-256/);
    const incomplete = await restore(backupIds[2]!);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toContain("has no manifest");
    expect(await contentHashes(client)).toEqual(before);
  });

  it("refuses a backup taken at another migration level", async () => {
    const latest = (await client.query(`select id, hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`)).rows[0];
    await client.query(`delete from drizzle.__drizzle_migrations where id = $1`, [latest.id]);
    try {
      const result = await restore(backupIds[0]!);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/was taken at migration \S+, the database is at \S+/);
    } finally {
      await client.query(`insert into drizzle.__drizzle_migrations (id, hash, created_at) values ($1, $2, $3)`, [latest.id, latest.hash, latest.created_at]);
    }
  });
});
