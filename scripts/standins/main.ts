import { parseArgs } from "node:util";
import { startStandins } from "./index";

/**
 * `npm run standins -- [--postgres-url URL] [--pglite-dir DIR] [--redis-url URL]`:
 * runs the stand-ins alone and prints the settings that point a Worker at them.
 * Stops on SIGINT / SIGTERM.
 */
const { values } = parseArgs({
  options: {
    "postgres-url": { type: "string" },
    "pglite-dir": { type: "string" },
    "redis-url": { type: "string" },
  },
});

const standins = await startStandins({
  postgresUrl: values["postgres-url"],
  pgliteDataDir: values["pglite-dir"],
  redisUrl: values["redis-url"],
});

console.log(Object.values(standins.describe()).join("\n"));
console.log(
  [
    `DATABASE_URL=${standins.neon.backend.primaryUrl}`,
    `DATABASE_HTTP_ENDPOINT=${standins.neon.httpUrl}`,
    `DATABASE_WS_PROXY=${standins.neon.wsProxy}`,
    `UPSTASH_REDIS_REST_URL=${standins.upstash.url}`,
    `UPSTASH_REDIS_REST_TOKEN=${standins.upstash.token}`,
    `OPENAI_BASE_URL=${standins.llm.url}/openai/v1`,
    `ANTHROPIC_BASE_URL=${standins.llm.url}/anthropic`,
  ].join("\n"),
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await standins.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
