import { seedCatalog } from "../src/catalog/seed";
import { databaseSettingsFromEnv, drizzleOver, openPool } from "./lib/database";

/**
 * `npm run db:seed`: inserts the built-in personas, rooms and their links into DATABASE_URL
 * in one transaction. Existing rows are kept as they are (admin edits survive); running it
 * again changes nothing.
 */
async function main() {
  const settings = databaseSettingsFromEnv();
  const pool = openPool(settings);
  try {
    const counts = await seedCatalog(drizzleOver(pool));
    console.log(`seeded catalog: ${counts.personas} personas, ${counts.rooms} rooms, ${counts.links} links (missing rows inserted, existing rows kept)`);
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(`db:seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
