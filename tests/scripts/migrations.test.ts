import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Standins } from "../../scripts/standins";
import { freshDatabase, npmRun, startTestStandins } from "./harness";

describe("npm run db:migrate", () => {
  let standins: Standins;
  beforeAll(async () => {
    standins = await startTestStandins();
  });
  afterAll(async () => standins.close());

  it("brings a fresh database to the latest schema, and changes nothing when run again", async () => {
    const env = await freshDatabase(standins);
    const first = await npmRun("db:migrate", [], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/applied \d+ migration\(s\)/);

    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      const snapshot = async () => (await client.query(`select table_name from information_schema.tables where table_schema in ('public', 'drizzle') order by 1`)).rows.map((row) => row.table_name);
      const applied = async () => (await client.query(`select hash from drizzle.__drizzle_migrations order by id`)).rows;
      const tablesBefore = await snapshot();
      const appliedBefore = await applied();
      expect(tablesBefore).toEqual(expect.arrayContaining(["users", "sessions", "refresh_tokens", "personas", "rooms", "conversations", "messages", "journals", "llm_calls", "audit_log", "__drizzle_migrations"]));
      expect(appliedBefore).toHaveLength(readdirSync("migrations").filter((file) => file.endsWith(".sql")).length);

      const second = await npmRun("db:migrate", [], env);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toMatch(/database is up to date/);
      expect(await snapshot()).toEqual(tablesBefore);
      expect(await applied()).toEqual(appliedBefore);
    } finally {
      await client.end();
    }
  });

  it("explains a missing or malformed DATABASE_URL instead of crashing", async () => {
    const result = await npmRun("db:migrate", [], { DATABASE_URL: "mysql://nope" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL must be a postgres:// or postgresql:// connection string");
  });

  it("has no drift between src/db/schema.ts and the committed migrations", async () => {
    const out = mkdtempSync(join(tmpdir(), "numira-drift-"));
    cpSync("migrations", out, { recursive: true });
    // drizzle-kit resolves `out` relative to the working directory.
    const config = join(out, "drizzle.config.ts");
    writeFileSync(config, `export default ${JSON.stringify({ dialect: "postgresql", schema: resolve("src/db/schema.ts"), out: relative(process.cwd(), out) })};`);
    const before = readdirSync(out).filter((name) => name !== "drizzle.config.ts").sort();
    const generated = spawnSync("npx", ["drizzle-kit", "generate", "--config", config], { encoding: "utf8" });
    expect(generated.status).toBe(0);
    expect(`${generated.stdout}${generated.stderr}`).toContain("No schema changes");
    expect(readdirSync(out).filter((name) => name !== "drizzle.config.ts").sort()).toEqual(before);
  });
});
