import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/free-port";

interface Block {
  language: string;
  code: string;
  line: number;
}

/** The fenced code blocks of a markdown document, with the line each starts on. */
function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const open = /^```(\S*)/.exec(lines[index]!);
    if (!open) continue;
    const end = lines.indexOf("```", index + 1);
    blocks.push({ language: open[1]!, code: lines.slice(index + 1, end).join("\n"), line: index + 1 });
    index = end;
  }
  return blocks;
}

/** The `export NAME=value` lines `npm run dev` prints, as environment variables. */
function exportsFrom(output: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [, assignments] of output.matchAll(/^\s+export (.+)$/gm)) {
    for (const [, name, value] of assignments!.replace(/\s+#.*$/, "").matchAll(/(\w+)=(\S+)/g)) env[name!] = value!;
  }
  return env;
}


function runBlock(code: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["-euo", "pipefail", "-c", code], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (exitCode) => resolve({ code: exitCode, output }));
  });
}

const RUNBOOK = readFileSync("docs/RUNBOOK.md", "utf8");
const blocks = fencedBlocks(RUNBOOK);
const replayed = blocks.filter((block) => block.language === "sh");

/** docs/RUNBOOK.md promises that every `sh` block works against `npm run dev`; this holds it to that. */
describe("docs/RUNBOOK.md", () => {
  let dev: ChildProcess;
  let dataDir: string;
  let devOutput = "";
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "numira-runbook-"));
    const port = await freePort();
    dev = spawn("npm", ["run", "--silent", "dev"], {
      env: { ...process.env, PORT: String(port), DEV_DATA_DIR: dataDir, DEV_POSTGRES_URL: "", DEV_REDIS_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    dev.stdout!.on("data", (chunk) => (devOutput += chunk));
    dev.stderr!.on("data", (chunk) => (devOutput += chunk));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (/export LLM_STANDIN=/.test(devOutput)) resolve();
        else if (dev.exitCode !== null) reject(new Error(`npm run dev exited:\n${devOutput}`));
        else return;
        clearInterval(timer);
      }, 200);
    });
    // What the operator's shell has: the banner's exports, and the data directory dev was given.
    env = { ...exportsFrom(devOutput), DEV_DATA_DIR: dataDir };
  }, 180_000);

  afterAll(async () => {
    if (dev?.pid && dev.exitCode === null) {
      const exited = new Promise((resolve) => dev.once("exit", resolve));
      process.kill(-dev.pid, "SIGINT");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it("keeps every curl in a replayed block", () => {
    const unreplayed = blocks.filter((block) => block.language !== "sh" && /\bcurl\b/.test(block.code));
    expect(unreplayed.map((block) => `line ${block.line}`)).toEqual([]);
    expect(replayed.length).toBeGreaterThan(15);
  });

  it("gets API, ADMIN_TOKEN and the database settings from npm run dev's banner", () => {
    expect(Object.keys(exportsFrom(devOutput)).sort()).toEqual(["ADMIN_TOKEN", "API", "DATABASE_URL", "DATABASE_WS_PROXY", "LLM_STANDIN"]);
  });

  it.each(replayed.map((block) => [block.line, block.code] as const))("runs the sh block at line %i", async (_line, code) => {
    const result = await runBlock(code, env);
    expect(result.code, `${code}\n--- output ---\n${result.output}`).toBe(0);
  });
});
