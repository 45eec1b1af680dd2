import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { startStandins, type Standins } from "../../scripts/standins";

const run = promisify(execFile);

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run <script> [-- args]` the way an operator would, never throwing on failure. */
export async function npmRun(script: string, args: string[], env: Record<string, string>): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await run("npm", ["run", "--silent", script, ...(args.length ? ["--", ...args] : [])], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failure.code === "number" ? failure.code : 1, stdout: failure.stdout ?? "", stderr: failure.stderr ?? "" };
  }
}

/** Stand-ins on the machine's services when TEST_DATABASE_URL / TEST_REDIS_URL are set, embedded otherwise. */
export function startTestStandins(): Promise<Standins> {
  return startStandins({ postgresUrl: process.env.TEST_DATABASE_URL, redisUrl: process.env.TEST_REDIS_URL });
}

/** A fresh, empty database and the settings the database commands need to reach it. */
export async function freshDatabase(standins: Standins): Promise<Record<string, string>> {
  const url = await standins.neon.backend.createDatabase(`numira_script_${randomBytes(5).toString("hex")}`);
  return { DATABASE_URL: url, DATABASE_WS_PROXY: standins.neon.wsProxy };
}
