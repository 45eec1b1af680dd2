import { neonConfig, type Pool } from "@neondatabase/serverless";
import { drizzle } from "drizzle-orm/neon-serverless";
import ws from "ws";
import { z } from "zod";
import { parseConfig } from "../../src/config";
import { createPool, type DatabaseConfig } from "../../src/db";
import { Logger } from "../../src/logging";

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

/** The Worker's WebSocket Pool (interactive transactions), with Node's WebSocket under it. */
export function openPool(settings: DatabaseConfig): Pool {
  neonConfig.webSocketConstructor = ws;
  return createPool(settings, new Logger({ level: "warn", format: "simple" }));
}

export function drizzleOver(pool: Pool) {
  return drizzle({ client: pool });
}
