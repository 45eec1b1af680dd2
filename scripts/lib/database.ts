import { neonConfig, Pool } from "@neondatabase/serverless";
import { drizzle } from "drizzle-orm/neon-serverless";
import ws from "ws";
import { z } from "zod";
import { parseConfig } from "../../src/config";

const databaseSettings = z.object({
  DATABASE_URL: z.string(),
  DATABASE_WS_PROXY: z.string().optional(),
});

/**
 * Connection settings for the database commands, validated by the same rules as the
 * Worker's (the other settings get harmless placeholders so only these are judged).
 */
export function databaseSettingsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const raw = databaseSettings.parse({ DATABASE_URL: env.DATABASE_URL ?? "", DATABASE_WS_PROXY: env.DATABASE_WS_PROXY || undefined });
  const result = parseConfig({
    ...raw,
    UPSTASH_REDIS_REST_URL: "http://unused.invalid",
    UPSTASH_REDIS_REST_TOKEN: "unused",
    JWT_SECRET: "unused-by-database-commands-0123456789",
  });
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join("\n"));
  return result.config.database;
}

/** A WebSocket Pool (interactive transactions), through the local proxy when one is configured. */
export function openPool(settings: { url: string; wsProxy: string | undefined }): Pool {
  neonConfig.webSocketConstructor = ws;
  if (settings.wsProxy) {
    const [hostPort, ...pathParts] = settings.wsProxy.split("/");
    neonConfig.wsProxy = (host, port) => `${hostPort}/${pathParts.join("/")}?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
  }
  return new Pool({ connectionString: settings.url });
}

export function drizzleOver(pool: Pool) {
  return drizzle({ client: pool });
}
