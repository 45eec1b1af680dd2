import { z } from "zod";
import { BACKUP_TABLES } from "./tables";

export const BACKUP_ID_PATTERN = /^bk-\d{8}T\d{6}Z-[0-9a-f]{6}$/;

export const ManifestSchema = z.object({
  format: z.literal("numira-backup/1"),
  id: z.string().regex(BACKUP_ID_PATTERN),
  trigger: z.enum(["cron", "manual"]),
  startedAt: z.string(),
  finishedAt: z.string(),
  migrationLevel: z.string(),
  tables: z.array(
    z.object({
      name: z.enum(BACKUP_TABLES.map((table) => table.name) as [string, ...string[]]),
      object: z.string(),
      rows: z.number().int().nonnegative(),
      bytes: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestTable = Manifest["tables"][number];

export const backupPrefix = (id: string) => `backups/${id}/`;
export const manifestKey = (id: string) => `${backupPrefix(id)}manifest.json`;
export const tableObjectKey = (id: string, table: string) => `${backupPrefix(id)}${table}.jsonl.gz`;

/** `bk-20261203T031700Z-a1b2c3`: sorts by start time, unique per run. */
export function newBackupId(startedAt: Date): string {
  const stamp = startedAt.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
  const random = Array.from(crypto.getRandomValues(new Uint8Array(3)), (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `bk-${stamp}-${random}`;
}
