import { neon, NeonDbError } from "@neondatabase/serverless";
import { sql } from "drizzle-orm";
import { boolean, integer, jsonb, numeric, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { createDatabase, createPool } from "../../src/db";
import { Logger } from "../../src/logging";
import { isolatedEnv, type TestEnv } from "../helpers/app";

const samples = pgTable("fidelity_samples", {
  id: serial("id").primaryKey(),
  label: text("label").notNull().unique(),
  at: timestamp("at", { withTimezone: true }).notNull(),
  doc: jsonb("doc").$type<{ mood: string; tags: string[] }>().notNull(),
  amount: numeric("amount", { precision: 12, scale: 4 }).notNull(),
  done: boolean("done").notNull(),
  tags: text("tags").array().notNull(),
  counts: integer("counts").array().notNull(),
});

function databaseConfig(bindings: TestEnv) {
  const result = loadConfig(bindings);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config.database;
}

/** Protocol fidelity of the Neon stand-in, through the real driver and drizzle, inside workerd. */
describe("Neon stand-in with the real driver", () => {
  let bindings: TestEnv;

  beforeAll(async () => {
    bindings = await isolatedEnv();
    const db = createDatabase(databaseConfig(bindings));
    await db.execute(sql`create table fidelity_samples (
      id serial primary key, label text not null unique, at timestamptz not null, doc jsonb not null,
      amount numeric(12,4) not null, done boolean not null, tags text[] not null, counts integer[] not null)`);
  });

  it("round-trips typed columns through drizzle neon-http", async () => {
    const db = createDatabase(databaseConfig(bindings));
    const at = new Date("2026-03-01T12:34:56.789+05:30");
    await db.insert(samples).values({ label: "typed", at, doc: { mood: "calm ☀️", tags: ["a", "b"] }, amount: "1234.5678", done: true, tags: ["x", "y z", 'q"uote'], counts: [1, 2, 3] });
    const [row] = await db.select().from(samples).where(sql`${samples.label} = 'typed'`);
    expect(row).toEqual({
      id: expect.any(Number),
      label: "typed",
      at,
      doc: { mood: "calm ☀️", tags: ["a", "b"] },
      amount: "1234.5678",
      done: true,
      tags: ["x", "y z", 'q"uote'],
      counts: [1, 2, 3],
    });
  });

  it("rolls back a whole batch when one statement fails, and reports the Postgres error code", async () => {
    const db = createDatabase(databaseConfig(bindings));
    const row = { at: new Date(), doc: { mood: "m", tags: [] }, amount: "1", done: false, tags: [], counts: [] };
    await expect(
      db.batch([db.insert(samples).values({ ...row, label: "batch-1" }), db.insert(samples).values({ ...row, label: "batch-1" })]),
    ).rejects.toMatchObject({ code: "23505", constraint: "fidelity_samples_label_key" });
    const remaining = await db.select().from(samples).where(sql`${samples.label} = 'batch-1'`);
    expect(remaining).toEqual([]);
  });

  it("delivers Postgres errors as NeonDbError with their SQLSTATE", async () => {
    const query = neon(bindings.DATABASE_URL);
    const missingTable = await query`select * from no_such_table`.catch((error: unknown) => error);
    expect(missingTable).toBeInstanceOf(NeonDbError);
    expect((missingTable as NeonDbError).code).toBe("42P01");
    const twoStatements = await query.query("select 1; select 2").catch((error: unknown) => error);
    expect((twoStatements as NeonDbError).code).toBe("42601");
  });

  it("runs an interactive transaction over the WebSocket Pool, committing and rolling back", async () => {
    const pool = createPool(databaseConfig(bindings), new Logger({ level: "error", format: "json" }));
    try {
      const client = await pool.connect();
      try {
        await client.query("begin");
        await client.query(`insert into fidelity_samples (label, at, doc, amount, done, tags, counts) values ('ws-kept', now(), '{}', 1, true, '{}', '{}')`);
        const inside = await client.query<{ count: string }>(`select count(*) from fidelity_samples where label = 'ws-kept'`);
        expect(inside.rows[0]!.count).toBe("1");
        await client.query("commit");
        await client.query("begin");
        await client.query(`insert into fidelity_samples (label, at, doc, amount, done, tags, counts) values ('ws-dropped', now(), '{}', 1, true, '{}', '{}')`);
        await client.query("rollback");
      } finally {
        client.release();
      }
      const result = await pool.query<{ label: string }>(`select label from fidelity_samples where label like 'ws-%' order by label`);
      expect(result.rows.map((row) => row.label)).toEqual(["ws-kept"]);
    } finally {
      await pool.end();
    }
  });
});
