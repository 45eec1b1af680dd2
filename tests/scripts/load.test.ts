import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorker, standinBindings, startWorkerInstances, type WorkerInstances } from "../../scripts/lib/worker-runtime";
import type { Standins } from "../../scripts/standins";
import { freshDatabase, npmRun, startTestStandins } from "./harness";

const USERS = 50;
const CHATS_PER_USER = 20;

/** 1000 chats from 50 users at once against the built Worker: no errors, and every message kept. */
describe("load without loss", () => {
  let standins: Standins;
  let instances: WorkerInstances;
  let client: pg.Client;
  let workDir: string;

  beforeAll(async () => {
    standins = await startTestStandins();
    const databaseEnv = await freshDatabase(standins);
    for (const script of ["db:migrate", "db:seed"]) expect((await npmRun(script, [], databaseEnv)).code).toBe(0);
    client = new pg.Client({ connectionString: databaseEnv.DATABASE_URL });
    await client.connect();
    workDir = mkdtempSync(join(tmpdir(), "numira-load-"));
    instances = await startWorkerInstances(await buildWorker(join(workDir, "build")), {
      ...standinBindings(standins, databaseEnv.DATABASE_URL!),
      CACHE_NAMESPACE: `load_${Date.now()}`,
      JWT_SECRET: "load-test-jwt-secret-0123456789-abcdefghijk",
      OPENAI_API_KEY: "sk-load-openai",
      ANTHROPIC_API_KEY: "sk-ant-load",
      RATE_LIMIT_PER_IP: "100000",
      RATE_LIMIT_AUTH_PER_IP: "1000",
      RATE_LIMIT_AI_PER_MINUTE: "1000",
      CHAT_DEADLINE: "120000",
    });
  }, 180_000);

  afterAll(async () => {
    await instances?.close();
    await client?.end();
    await standins?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("answers all 1000 chats with 200 and stores exactly 2000 messages", async () => {
    const url = instances.urls[0]!;
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${url}${path}`, { method: "POST", headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    const { version } = (await (await fetch(`${url}/api/disclaimer`)).json()) as { version: string };
    const tokens = await Promise.all(
      Array.from({ length: USERS }, async (_, index) => {
        const registered = await post("/api/auth/register", { email: `load-${index}-${Date.now()}@example.com`, password: "correct horse battery staple" });
        const { accessToken } = (await registered.json()) as { accessToken: string };
        await post("/api/disclaimer/acknowledge", { version }, accessToken);
        return accessToken;
      }),
    );

    const statuses = await Promise.all(
      tokens.map(async (token, user) => {
        const seen: number[] = [];
        for (let chat = 0; chat < CHATS_PER_USER; chat += 1) {
          const response = await post("/api/ai/chat", { personaId: "ayla", roomId: "clarityBar", message: `User ${user} thought ${chat}` }, token);
          await response.arrayBuffer();
          seen.push(response.status);
        }
        return seen;
      }),
    );

    const all = statuses.flat();
    expect(all).toHaveLength(USERS * CHATS_PER_USER);
    expect(all.filter((status) => status !== 200)).toEqual([]);
    const stored = await client.query(`select role, status, count(*)::int as count from messages group by role, status order by role`);
    expect(stored.rows).toEqual([
      { role: "user", status: "completed", count: 1000 },
      { role: "assistant", status: "completed", count: 1000 },
    ]);
  }, 600_000);
});
