import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { buildDefineArgs } from "./lib/build-info";
import { readDevVars } from "./lib/dev-vars";
import { runNpmScript } from "./lib/processes";
import { startStandins, type Standins } from "./standins";

/**
 * `npm run dev`: starts the local stand-ins, migrates and seeds the database, and runs
 * `wrangler dev` pointed at them through --var overrides. Settings the user put in
 * .dev.vars (real Neon, Upstash or provider keys) win: their stand-in is not used.
 * Ctrl-C stops wrangler, workerd and the stand-ins.
 */

const devOptions = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  /** Back the Neon stand-in with a PostgreSQL server instead of embedded PGlite. */
  DEV_POSTGRES_URL: z.string().optional(),
  /** Back the Upstash stand-in with a Redis server instead of the in-process store. */
  DEV_REDIS_URL: z.string().optional(),
  /** Where the embedded database, wrangler's local state and the dev secrets live. */
  DEV_DATA_DIR: z.string().default(".data"),
});

const options = devOptions.parse(process.env);
const DATA_DIR = options.DEV_DATA_DIR;
const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

function persistentSecret(name: string): string {
  const path = `${DATA_DIR}/${name}`;
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(path, secret, { mode: 0o600 });
  return secret;
}

/** The --var overrides for every dependency the user has not configured in .dev.vars. */
function standinVars(standins: Standins, userVars: Record<string, string>): Record<string, string> {
  const vars: Record<string, string> = { JWT_SECRET: persistentSecret("dev-jwt-secret") };
  if (!userVars.DATABASE_URL) {
    vars.DATABASE_URL = standins.neon.backend.primaryUrl;
    vars.DATABASE_HTTP_ENDPOINT = standins.neon.httpUrl;
    vars.DATABASE_WS_PROXY = standins.neon.wsProxy;
  }
  if (!userVars.UPSTASH_REDIS_REST_URL) {
    vars.UPSTASH_REDIS_REST_URL = standins.upstash.url;
    vars.UPSTASH_REDIS_REST_TOKEN = standins.upstash.token;
  }
  if (!userVars.OPENAI_API_KEY) {
    vars.OPENAI_API_KEY = "sk-local-dev-openai";
    vars.OPENAI_BASE_URL = `${standins.llm.url}/openai/v1`;
  }
  if (!userVars.ANTHROPIC_API_KEY) {
    vars.ANTHROPIC_API_KEY = "sk-ant-local-dev-anthropic";
    vars.ANTHROPIC_BASE_URL = `${standins.llm.url}/anthropic`;
  }
  for (const key of Object.keys(userVars)) delete vars[key];
  return vars;
}

function describeBackends(standins: Standins, vars: Record<string, string>): string[] {
  const described = standins.describe();
  return [
    `  database: ${vars.DATABASE_URL ? described.database : "your DATABASE_URL from .dev.vars"}`,
    `  cache:    ${vars.UPSTASH_REDIS_REST_URL ? described.cache : "your Upstash from .dev.vars"}`,
    `  openai:   ${vars.OPENAI_BASE_URL ? `fake provider ${vars.OPENAI_BASE_URL}` : "your OpenAI settings from .dev.vars"}`,
    `  anthropic: ${vars.ANTHROPIC_BASE_URL ? `fake provider ${vars.ANTHROPIC_BASE_URL}` : "your Anthropic settings from .dev.vars"}`,
  ];
}

async function waitForHealth(url: string, wrangler: ChildProcess): Promise<unknown> {
  for (let attempt = 0; attempt < 240 && wrangler.exitCode === null; attempt += 1) {
    try {
      const response = await fetch(`${url}/api/health`);
      return await response.json();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error("wrangler dev did not start serving within two minutes");
}

const DEV_ADMIN_EMAIL = "admin@numira.dev";

/** Registers (once) and promotes the dev admin through the real API and CLI, then logs in. */
async function devAdmin(url: string, databaseEnv: Record<string, string>) {
  const credentials = { email: DEV_ADMIN_EMAIL, password: persistentSecret("dev-admin-password") };
  const post = (path: string) => fetch(`${url}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(credentials) });
  const registered = await post("/api/auth/register");
  if (registered.status !== 201 && registered.status !== 409) throw new Error(`could not register the dev admin: ${registered.status} ${await registered.text()}`);
  await runNpmScript("user:promote", databaseEnv, ["--email", DEV_ADMIN_EMAIL]);
  const login = await post("/api/auth/login");
  if (login.status !== 200) throw new Error(`could not log the dev admin in: ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  return { ...credentials, accessToken };
}

async function main() {
  mkdirSync(DATA_DIR, { recursive: true });
  const userVars = readDevVars(".dev.vars");
  const standins = await startStandins({
    postgresUrl: options.DEV_POSTGRES_URL,
    pgliteDataDir: options.DEV_POSTGRES_URL ? undefined : `${DATA_DIR}/pglite`,
    redisUrl: options.DEV_REDIS_URL,
  });
  try {
    await serve(standins, userVars, options.PORT);
  } catch (error) {
    await standins.close();
    throw error;
  }
}

async function serve(standins: Standins, userVars: Record<string, string>, port: number) {
  const vars = standinVars(standins, userVars);
  const databaseEnv = {
    DATABASE_URL: vars.DATABASE_URL ?? userVars.DATABASE_URL ?? "",
    DATABASE_WS_PROXY: vars.DATABASE_WS_PROXY ?? userVars.DATABASE_WS_PROXY ?? "",
  };
  await runNpmScript("db:migrate", databaseEnv);
  await runNpmScript("db:seed", databaseEnv);

  const wranglerArgs = ["dev", "--ip", "127.0.0.1", "--port", String(port), "--test-scheduled", "--show-interactive-dev-session=false", "--persist-to", `${DATA_DIR}/wrangler`, ...buildDefineArgs()];
  for (const [key, value] of Object.entries(vars)) wranglerArgs.push("--var", `${key}:${value}`);
  // Its own process group, so stopping it also stops the workerd it spawns.
  const wrangler = spawn("node_modules/.bin/wrangler", wranglerArgs, { env: wranglerEnv, stdio: ["ignore", "inherit", "inherit"], detached: true });

  let stopping = false;
  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    if (wrangler.exitCode === null && wrangler.pid) {
      const exited = new Promise((resolve) => wrangler.once("exit", resolve));
      process.kill(-wrangler.pid, "SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (wrangler.exitCode === null) process.kill(-wrangler.pid, "SIGKILL");
    }
    await standins.close();
    process.exit(exitCode);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  wrangler.on("exit", (code) => void stop(code ?? 1));

  const url = `http://127.0.0.1:${port}`;
  try {
    const health = await waitForHealth(url, wrangler);
    const admin = await devAdmin(url, databaseEnv);
    console.log(
      [
        "",
        `Numira API ready at ${url}`,
        ...describeBackends(standins, vars),
        `  health:   ${JSON.stringify(health)}`,
        "",
        `Dev admin ${admin.email} / ${admin.password} (kept in ${DATA_DIR}/). For the commands in docs/RUNBOOK.md, paste:`,
        `  export API=${url}`,
        `  export ADMIN_TOKEN=${admin.accessToken}  # valid 15 minutes`,
        `  export DATABASE_URL=${databaseEnv.DATABASE_URL} DATABASE_WS_PROXY=${databaseEnv.DATABASE_WS_PROXY}`,
        ...(vars.OPENAI_BASE_URL ? [`  export LLM_STANDIN=${standins.llm.url}`] : []),
        `  curl -H "Authorization: Bearer $ADMIN_TOKEN" $API/api/auth/me`,
        "Press Ctrl-C to stop.",
        "",
      ].join("\n"),
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    await stop(1);
  }
}

main().catch((error: unknown) => {
  console.error(`npm run dev failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
