/**
 * Runs the Upstash REST stand-in on its own:
 *   tsx scripts/standins/upstash-main.ts [--redis-url redis://127.0.0.1:6379] [--port N] [--token T] [--host H]
 * With --redis-url it fronts that Redis; without, an in-process store. Stops on SIGINT / SIGTERM.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { connectRealRedis, createMemoryRedis, startUpstashStandin } from "./upstash";

const { values } = parseArgs({
  options: {
    "redis-url": { type: "string" },
    port: { type: "string" },
    token: { type: "string" },
    host: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  console.log("usage: tsx scripts/standins/upstash-main.ts [--redis-url URL] [--port N] [--token T] [--host H]");
  process.exit(0);
}

const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a TCP port number, got ${values.port}`);
  process.exit(2);
}

const backend = values["redis-url"] ? connectRealRedis(values["redis-url"]) : createMemoryRedis();
const token = values.token ?? randomBytes(18).toString("base64url");
const standin = await startUpstashStandin({ backend, token, port, host: values.host });

console.log(`Upstash stand-in → ${backend.describe()}`);
console.log(`UPSTASH_REDIS_REST_URL=${standin.url}`);
console.log(`UPSTASH_REDIS_REST_TOKEN=${standin.token}`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  await standin.close();
  await backend.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
