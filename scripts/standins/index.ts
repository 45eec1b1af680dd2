import { randomBytes } from "node:crypto";
import { startFakeLlm, type FakeLlmServer } from "./fake-llm";
import { PoolsByTarget, startNeonStandin, type NeonStandin } from "./neon";
import { connectPostgresServer, startPglite, type PostgresBackend } from "./postgres-backends";
import { connectRealRedis, createMemoryRedis, startUpstashStandin, type UpstashStandin } from "./upstash";

export interface StandinOptions {
  /** Back the Neon stand-in with this PostgreSQL server; embedded PGlite when absent. */
  postgresUrl?: string;
  /** Where embedded PGlite keeps its files; in memory when absent. */
  pgliteDataDir?: string;
  /** Back the Upstash stand-in with this Redis; an in-process store when absent. */
  redisUrl?: string;
  ports?: { neon?: number; upstash?: number; llm?: number };
}

export interface Standins {
  neon: NeonStandin;
  upstash: UpstashStandin;
  llm: FakeLlmServer;
  /** What backs each stand-in, for people reading the start-up banner. */
  describe(): Record<string, string>;
  close(): Promise<void>;
}

/** Starts the local stand-ins for Neon, Upstash and the LLM providers. Dev and test tooling only. */
export async function startStandins(options: StandinOptions = {}): Promise<Standins> {
  const pools = new PoolsByTarget(options.postgresUrl ? 8 : 1);
  const backend: PostgresBackend = options.postgresUrl
    ? connectPostgresServer(options.postgresUrl, (url) => pools.closeFor(url))
    : await startPglite(options.pgliteDataDir, (url) => pools.closeFor(url));
  const redisBackend = options.redisUrl ? connectRealRedis(options.redisUrl) : createMemoryRedis();
  const neon = await startNeonStandin({ backend, pools, port: options.ports?.neon });
  const upstash = await startUpstashStandin({ backend: redisBackend, token: randomBytes(18).toString("base64url"), port: options.ports?.upstash });
  const llm = await startFakeLlm({ port: options.ports?.llm });

  return {
    neon,
    upstash,
    llm,
    describe: () => ({
      database: `Neon stand-in ${neon.httpUrl} → ${backend.describe()}`,
      cache: `Upstash stand-in ${upstash.url} → ${redisBackend.describe()}`,
      llm: `fake OpenAI ${llm.url}/openai/v1, fake Anthropic ${llm.url}/anthropic`,
    }),
    async close() {
      await llm.close();
      await upstash.close();
      await redisBackend.close();
      await neon.close();
      await backend.close();
    },
  };
}
