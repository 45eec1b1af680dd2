import { neon, neonConfig, Pool } from "@neondatabase/serverless";
import { drizzle } from "drizzle-orm/neon-http";
import { oncePerConfig, type Config } from "../config";
import { timedFetch } from "../timing";
import type { Logger } from "../logging";

export type DatabaseConfig = Config["database"];

neonConfig.fetchFunction = timedFetch("db");

const neonDefaults = {
  fetchEndpoint: neonConfig.fetchEndpoint,
  wsProxy: neonConfig.wsProxy,
  useSecureWebSocket: neonConfig.useSecureWebSocket,
  pipelineConnect: neonConfig.pipelineConnect,
};

/**
 * Points the Neon driver at local stand-ins when they are configured, and at Neon itself
 * otherwise. These are global driver settings, so they are set on every client creation
 * rather than assumed from an earlier one.
 */
function selectEndpoints(config: DatabaseConfig): void {
  const { httpEndpoint, wsProxy } = config;
  neonConfig.fetchEndpoint = httpEndpoint ? () => `${httpEndpoint.replace(/\/$/, "")}/sql` : neonDefaults.fetchEndpoint;
  if (wsProxy) {
    const [hostPort, ...pathParts] = wsProxy.split("/");
    neonConfig.wsProxy = (host, port) => `${hostPort}/${pathParts.join("/")}?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
  } else {
    neonConfig.wsProxy = neonDefaults.wsProxy;
    neonConfig.useSecureWebSocket = neonDefaults.useSecureWebSocket;
    neonConfig.pipelineConnect = neonDefaults.pipelineConnect;
  }
}

/** One drizzle client per configuration, shared by the isolate's requests (it holds no connection). */
const databaseFor = oncePerConfig((config: DatabaseConfig) => drizzle({ client: neon(config.url) }));

export type Database = ReturnType<typeof databaseFor>;

/** A drizzle client over Neon's HTTP transport: one round trip per query or batch. */
export function createDatabase(config: DatabaseConfig): Database {
  selectEndpoints(config);
  return databaseFor(config);
}

/**
 * A WebSocket Pool for interactive transactions. Create and close it within one request
 * (`ctx.waitUntil(pool.end())`); a Pool must not outlive the request that made it.
 */
export function createPool(config: DatabaseConfig, logger: Logger): Pool {
  selectEndpoints(config);
  const pool = new Pool({ connectionString: config.url });
  // An idle connection can drop (the server closing after Terminate surfaces as an error in
  // workerd); the pool discards it, and an unheard "error" event would crash the request.
  pool.on("error", (error: unknown) => logger.debug("idle database connection closed", { error }));
  return pool;
}
