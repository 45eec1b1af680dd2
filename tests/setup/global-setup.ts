import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { runNpmScript } from "../../scripts/lib/processes";
import { startStandins } from "../../scripts/standins";
import type { StandinUrls } from "./standin-urls";

/**
 * Starts the stand-ins once for the whole run: on the machine's PostgreSQL and Redis when
 * TEST_DATABASE_URL / TEST_REDIS_URL are set, embedded otherwise. A template database is
 * migrated and seeded with the same `npm run db:migrate` / `db:seed` developers use; test
 * files clone it.
 */
export default async function setup(project: TestProject) {
  const standins = await startStandins({ postgresUrl: process.env.TEST_DATABASE_URL, redisUrl: process.env.TEST_REDIS_URL });
  const runId = randomBytes(4).toString("hex");
  const backend = standins.neon.backend;
  const templateDatabaseUrl = await backend.createDatabase(`numira_test_${runId}_template`);
  const databaseEnv = { DATABASE_URL: templateDatabaseUrl, DATABASE_WS_PROXY: standins.neon.wsProxy, DATABASE_HTTP_ENDPOINT: standins.neon.httpUrl };
  await runNpmScript("db:migrate", databaseEnv);
  await runNpmScript("db:seed", databaseEnv);
  await standins.neon.releaseConnections(templateDatabaseUrl);
  const sharedDatabaseUrl = await backend.createDatabase(`numira_test_${runId}_shared`, templateDatabaseUrl);

  const urls: StandinUrls = {
    neonHttpUrl: standins.neon.httpUrl,
    neonWsProxy: standins.neon.wsProxy,
    templateDatabaseUrl,
    sharedDatabaseUrl,
    upstashUrl: standins.upstash.url,
    upstashToken: standins.upstash.token,
    llmUrl: standins.llm.url,
  };
  project.provide("standins", urls);
  console.log(Object.values(standins.describe()).join("\n"));
  return async () => standins.close();
}
