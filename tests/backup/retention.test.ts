import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { backupsToKeep, pruneBackups } from "../../src/backup/retention";
import { createDatabase } from "../../src/db";
import { backups } from "../../src/db/schema";
import { isolatedEnv } from "../helpers/app";
import { configOf } from "../helpers/auth";

const NOW = new Date("2026-12-03T04:00:00Z");
const POLICY = { daily: 7, weekly: 4, monthly: 12 };

/** 400 days of daily cron backups at 03:17 UTC up to NOW, plus one manual backup on Dec 2 afternoon. */
function history() {
  const entries = Array.from({ length: 400 }, (_, daysAgo) => {
    const startedAt = new Date(Date.UTC(2026, 11, 3 - daysAgo, 3, 17));
    return { id: `cron-${startedAt.toISOString().slice(0, 10)}`, startedAt };
  });
  return [...entries, { id: "manual-2026-12-02", startedAt: new Date("2026-12-02T15:00:00Z") }];
}

// The newest of each of the last 7 days, 4 ISO weeks (Mondays Nov 30, 23, 16, 9) and 12 months,
// and everything of the last 24 hours (the manual backup, 13 hours old).
const EXPECTED = [
  "cron-2026-12-03",
  "manual-2026-12-02",
  "cron-2026-12-01",
  "cron-2026-11-30",
  "cron-2026-11-29",
  "cron-2026-11-28",
  "cron-2026-11-27",
  "cron-2026-11-22",
  "cron-2026-11-15",
  "cron-2026-10-31",
  "cron-2026-09-30",
  "cron-2026-08-31",
  "cron-2026-07-31",
  "cron-2026-06-30",
  "cron-2026-05-31",
  "cron-2026-04-30",
  "cron-2026-03-31",
  "cron-2026-02-28",
  "cron-2026-01-31",
];

describe("backup retention", () => {
  it("keeps exactly the newest backup of each of the last 7 days, 4 weeks and 12 months of a 400-day history", () => {
    expect([...backupsToKeep(history(), POLICY, NOW)].sort().reverse()).toEqual([...EXPECTED].sort().reverse());
  });

  it("follows the configured counts", () => {
    expect([...backupsToKeep(history(), { daily: 1, weekly: 0, monthly: 2 }, NOW)].sort()).toEqual(["cron-2026-11-30", "cron-2026-12-03", "manual-2026-12-02"]);
  });

  it("prunes the rows and R2 objects of every other completed backup, and failed runs older than the newest success", async () => {
    const db = createDatabase(configOf(await isolatedEnv()).database);
    const prefix = crypto.randomUUID().slice(0, 8);
    const rows: (typeof backups.$inferInsert)[] = history().map((entry) => ({ ...entry, id: `${prefix}-${entry.id}`, trigger: "cron", status: "completed" }));
    rows.push({ id: `${prefix}-failed`, startedAt: new Date("2026-11-20T03:17:00Z"), trigger: "cron", status: "failed" });
    await db.insert(backups).values(rows);
    await Promise.all(rows.map((row) => env.BACKUPS.put(`backups/${row.id}/manifest.json`, "{}")));

    const pruned = await pruneBackups(db, env.BACKUPS, POLICY, NOW);

    const expected = EXPECTED.map((id) => `${prefix}-${id}`).sort();
    expect(pruned).toHaveLength(rows.length - EXPECTED.length);
    expect((await db.select({ id: backups.id }).from(backups)).map((row) => row.id).sort()).toEqual(expected);
    const listed = await env.BACKUPS.list({ prefix: "backups/" });
    const remaining = listed.objects.map((object) => object.key.split("/")[1]!).filter((id) => id.startsWith(prefix));
    expect(remaining.sort()).toEqual(expected);
  });
});
