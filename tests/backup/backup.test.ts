import { createScheduledController, env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { createDatabase } from "../../src/db";
import { auditLog, backups } from "../../src/db/schema";
import { isolatedEnv, testClient, type TestEnv } from "../helpers/app";
import { bearer, configOf, registerAdmin, type Grant, type Request } from "../helpers/auth";

interface BackupView {
  id: string;
  status: string;
  trigger: string;
  sizeBytes: number | null;
  rowCounts: Record<string, number> | null;
}

interface ManifestView {
  id: string;
  migrationLevel: string;
  tables: { name: string; object: string; rows: number; bytes: number; sha256: string }[];
}

async function waitForBackup(request: Request, admin: Grant, id: string): Promise<{ backup: BackupView; manifest: ManifestView | null }> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const shown = await (await request(`/api/admin/backups/${id}`, bearer(admin.accessToken))).json<{ backup: BackupView; manifest: ManifestView | null }>();
    if (shown.backup.status !== "running") return shown;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`backup ${id} did not finish`);
}

async function gunzipLines(body: ReadableStream): Promise<string[]> {
  const text = await new Response(body.pipeThrough(new DecompressionStream("gzip"))).text();
  return text.split("\n").filter(Boolean);
}

async function setup(overrides: Record<string, string> = {}): Promise<{ bindings: TestEnv; request: Request; admin: Grant }> {
  const bindings = await isolatedEnv({ RATE_LIMIT_AUTH_PER_IP: "1000", ...overrides });
  const request = testClient(bindings);
  return { bindings, request, admin: await registerAdmin(request, bindings) };
}

describe("backups", () => {
  it("POST /api/admin/backups answers 202, streams every table to R2 as gzip JSON lines, and writes the manifest", async () => {
    const { bindings, request, admin } = await setup({ BACKUP_PAGE_SIZE: "10" });
    const started = await request("/api/admin/backups", bearer(admin.accessToken, { method: "POST" }));
    expect(started.status).toBe(202);
    const { id } = await started.json<{ id: string }>();
    expect(id).toMatch(/^bk-\d{8}T\d{6}Z-[0-9a-f]{6}$/);

    const { backup, manifest } = await waitForBackup(request, admin, id);
    expect(backup).toMatchObject({ id, status: "completed", trigger: "manual" });
    expect(manifest!.migrationLevel).toMatch(/^\d{4}_/);
    expect(manifest!.tables.map((table) => table.name)).toEqual(["users", "sessions", "refresh_tokens", "personas", "rooms", "persona_rooms", "conversations", "messages", "journals", "llm_calls", "audit_log", "request_metrics"]);
    expect(backup.sizeBytes).toBe(manifest!.tables.reduce((total, table) => total + table.bytes, 0));

    // persona_rooms has 24 rows: with pages of 10 the composite-key paging must visit each once.
    const personaRooms = manifest!.tables.find((table) => table.name === "persona_rooms")!;
    expect(personaRooms.rows).toBe(24);
    const object = await request(`/api/admin/backups/${id}/objects/persona_rooms`, bearer(admin.accessToken));
    expect(object.status).toBe(200);
    const bytes = new Uint8Array(await object.arrayBuffer());
    expect(bytes.length).toBe(personaRooms.bytes);
    const digest = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)), (byte) => byte.toString(16).padStart(2, "0")).join("");
    expect(digest).toBe(personaRooms.sha256);
    const lines = await gunzipLines(new Blob([bytes]).stream());
    expect(new Set(lines).size).toBe(24);
    expect(JSON.parse(lines[0]!)).toEqual({ persona_id: "ayla", room_id: expect.any(String) });

    const users = await gunzipLines((await env.BACKUPS.get(manifest!.tables[0]!.object))!.body);
    expect(users.map((line) => JSON.parse(line).email)).toContain(admin.user.email);

    const system = await (await request("/api/system", bearer(admin.accessToken))).json<{ lastBackup: { id: string; status: string; sizeBytes: number } }>();
    expect(system.lastBackup).toMatchObject({ id, status: "completed", sizeBytes: backup.sizeBytes });
    const listed = await (await request("/api/admin/backups", bearer(admin.accessToken))).json<{ backups: BackupView[] }>();
    expect(listed.backups.map((entry) => entry.id)).toEqual([id]);
    const audit = await createDatabase(configOf(bindings).database).select().from(auditLog).where(eq(auditLog.action, "backup.start"));
    expect(audit.map((row) => row.target)).toEqual([id]);
  });

  it("answers 409 while another backup is running, and takes over one abandoned past BACKUP_STALE_AFTER", async () => {
    const { bindings, request, admin } = await setup({ BACKUP_STALE_AFTER: "60" });
    const db = createDatabase(configOf(bindings).database);
    await db.insert(backups).values({ id: "bk-20261203T000000Z-aaaaaa", trigger: "cron" });
    const refused = await request("/api/admin/backups", bearer(admin.accessToken, { method: "POST" }));
    expect(refused.status).toBe(409);
    expect((await refused.json<{ error: { message: string } }>()).error.message).toContain("bk-20261203T000000Z-aaaaaa");

    await db.update(backups).set({ startedAt: new Date(Date.now() - 120_000) }).where(eq(backups.id, "bk-20261203T000000Z-aaaaaa"));
    const started = await request("/api/admin/backups", bearer(admin.accessToken, { method: "POST" }));
    expect(started.status).toBe(202);
    const [abandoned] = await db.select().from(backups).where(eq(backups.id, "bk-20261203T000000Z-aaaaaa"));
    expect(abandoned).toMatchObject({ status: "failed", error: "abandoned: still running after 60 s" });
    await waitForBackup(request, admin, (await started.json<{ id: string }>()).id);
  });

  it("runs from the Cron Trigger: a scheduled event inside workerd starts a backup that completes", async () => {
    const { bindings, request, admin } = await setup();
    await worker.scheduled(createScheduledController({ cron: "17 3 * * *", scheduledTime: Date.now() }), bindings as unknown as Env);
    const [row] = await createDatabase(configOf(bindings).database).select().from(backups);
    expect(row).toMatchObject({ trigger: "cron" });
    const { backup, manifest } = await waitForBackup(request, admin, row!.id);
    expect(backup.status).toBe("completed");
    expect(await env.BACKUPS.head(`backups/${row!.id}/manifest.json`)).not.toBeNull();
    expect(manifest!.tables.find((table) => table.name === "personas")!.rows).toBe(6);
  });

  it("answers 404 for an unknown backup or table", async () => {
    const { request, admin } = await setup();
    expect((await request("/api/admin/backups/bk-20260101T000000Z-000000", bearer(admin.accessToken))).status).toBe(404);
    expect((await request("/api/admin/backups/not-an-id", bearer(admin.accessToken))).status).toBe(404);
    expect((await request("/api/admin/backups/bk-20260101T000000Z-000000/objects/secrets", bearer(admin.accessToken))).status).toBe(404);
  });
});
