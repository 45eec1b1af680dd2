import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Standins } from "../../scripts/standins";
import { freshDatabase, npmRun, startTestStandins } from "./harness";

describe("operator commands", () => {
  let standins: Standins;
  let env: Record<string, string>;
  let client: pg.Client;

  beforeAll(async () => {
    standins = await startTestStandins();
    env = await freshDatabase(standins);
    const migrated = await npmRun("db:migrate", [], env);
    expect(migrated.code, migrated.stderr).toBe(0);
    client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await standins.close();
  });

  const count = async (table: string) => Number((await client.query(`select count(*) from ${table}`)).rows[0].count);

  it("db:seed loads the six personas and rooms, and a re-seed keeps admin edits", async () => {
    const first = await npmRun("db:seed", [], env);
    expect(first.code, first.stderr).toBe(0);
    expect([await count("personas"), await count("rooms"), await count("persona_rooms")]).toEqual([6, 6, 24]);
    const clarityBar = await client.query(`select persona_id from persona_rooms where room_id = 'clarityBar' order by 1`);
    expect(clarityBar.rows.map((row) => row.persona_id)).toEqual(["ayla", "cam", "jax", "nova", "rumi", "sage"]);

    await client.query(`update personas set name = 'Ayla (edited)' where id = 'ayla'`);
    const second = await npmRun("db:seed", [], env);
    expect(second.code, second.stderr).toBe(0);
    expect([await count("personas"), await count("rooms"), await count("persona_rooms")]).toEqual([6, 6, 24]);
    expect((await client.query(`select name from personas where id = 'ayla'`)).rows[0].name).toBe("Ayla (edited)");
  });

  it("user:promote and user:demote change the role and write the audit log", async () => {
    const email = `Operator-${Date.now()}@Example.com`;
    await client.query(`insert into users (email, password_hash) values ($1, 'pbkdf2-sha256$1$AA==$AA==')`, [email]);

    const promoted = await npmRun("user:promote", ["--email", email.toLowerCase()], env);
    expect(promoted.code, promoted.stderr).toBe(0);
    expect(promoted.stdout).toContain("user → admin");
    expect((await client.query(`select role from users where email = $1`, [email])).rows[0].role).toBe("admin");

    const again = await npmRun("user:promote", ["--email", email], env);
    expect(again.stdout).toContain("already admin");

    const demoted = await npmRun("user:demote", ["--email", email], env);
    expect(demoted.code, demoted.stderr).toBe(0);
    expect((await client.query(`select role from users where email = $1`, [email])).rows[0].role).toBe("user");

    const audit = await client.query(`select actor, action, details from audit_log order by id`);
    expect(audit.rows).toEqual([
      { actor: "cli", action: "user.promote", details: { email, from: "user", to: "admin" } },
      { actor: "cli", action: "user.demote", details: { email, from: "admin", to: "user" } },
    ]);
  });

  it("user:promote names an unknown email and exits non-zero", async () => {
    const result = await npmRun("user:promote", ["--email", "nobody@example.com"], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no user with email nobody@example.com");
  });
});
