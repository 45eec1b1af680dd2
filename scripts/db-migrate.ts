import { migrate } from "drizzle-orm/neon-serverless/migrator";
import { fileURLToPath } from "node:url";
import { databaseSettingsFromEnv, drizzleOver, openPool } from "./lib/database";

/**
 * `npm run db:migrate`: applies pending drizzle-kit migrations to DATABASE_URL in one
 * transaction, recording each in drizzle.__drizzle_migrations. Running it again changes nothing.
 */
async function main() {
  const settings = databaseSettingsFromEnv();
  const pool = openPool(settings);
  try {
    const db = drizzleOver(pool);
    const before = await appliedCount(pool);
    await migrate(db, { migrationsFolder: fileURLToPath(new URL("../migrations", import.meta.url)) });
    const after = await appliedCount(pool);
    console.log(after === before ? `database is up to date (${after} migrations applied)` : `applied ${after - before} migration(s); ${after} in total`);
  } finally {
    await pool.end();
  }
}

async function appliedCount(pool: ReturnType<typeof openPool>): Promise<number> {
  const exists = await pool.query(`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!exists.rows[0]?.present) return 0;
  const result = await pool.query(`select count(*)::int as count from drizzle.__drizzle_migrations`);
  return result.rows[0]?.count ?? 0;
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
