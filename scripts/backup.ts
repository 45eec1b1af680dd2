import { parseArgs } from "node:util";

/**
 * `npm run backup [-- --url <api> --token <admin token>]` (the guide's `node cron/backup.js`):
 * starts a backup through POST /api/admin/backups on local dev or a deployment, waits for it
 * and prints what it holds. Defaults come from $API and $ADMIN_TOKEN, as `npm run dev` prints them.
 */
const POLL_MS = 1000;
const GIVE_UP_MS = 16 * 60 * 1000;

interface BackupView {
  id: string;
  status: "running" | "completed" | "failed";
  sizeBytes: number | null;
  rowCounts: Record<string, number> | null;
  error: string | null;
}

async function main() {
  const { values } = parseArgs({ options: { url: { type: "string", default: process.env.API }, token: { type: "string", default: process.env.ADMIN_TOKEN } } });
  if (!values.url || !values.token) throw new Error("usage: npm run backup -- --url <api> --token <admin token>  (or set API and ADMIN_TOKEN)");
  const api = values.url.replace(/\/$/, "");
  const call = async (path: string, method = "GET") => {
    const response = await fetch(`${api}${path}`, { method, headers: { Authorization: `Bearer ${values.token}` } });
    const body = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${(body.error as { message?: string } | undefined)?.message ?? JSON.stringify(body)}`);
    return body;
  };

  const { id } = (await call("/api/admin/backups", "POST")) as { id: string };
  console.log(`backup ${id} started`);
  const deadline = Date.now() + GIVE_UP_MS;
  let backup: BackupView;
  do {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    backup = ((await call(`/api/admin/backups/${id}`)) as { backup: BackupView }).backup;
  } while (backup.status === "running" && Date.now() < deadline);

  if (backup.status !== "completed") throw new Error(`backup ${id} ${backup.status === "failed" ? `failed: ${backup.error}` : "is still running; check GET /api/admin/backups later"}`);
  for (const [table, rows] of Object.entries(backup.rowCounts ?? {})) console.log(`  ${table.padEnd(16)} ${rows} rows`);
  console.log(`backup ${id} completed: ${backup.sizeBytes} bytes (gzip)`);
}

main().catch((error: unknown) => {
  console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
