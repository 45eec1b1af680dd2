import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** What a build of the Worker knows about itself; injected as the `__NUMIRA_BUILD__` constant. */
export interface BuildInfo {
  commit: string;
  builtAt: string;
  compatibilityDate: string;
}

function gitCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}

function compatibilityDate(): string {
  const match = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(readFileSync("wrangler.toml", "utf8"));
  if (!match) throw new Error("wrangler.toml has no compatibility_date");
  return match[1]!;
}

export function buildInfo(): BuildInfo {
  return { commit: gitCommit(), builtAt: new Date().toISOString(), compatibilityDate: compatibilityDate() };
}

/** The wrangler arguments that inject the build info (`wrangler dev|deploy ...buildDefineArgs()`). */
export function buildDefineArgs(info = buildInfo()): string[] {
  return ["--define", `__NUMIRA_BUILD__:${JSON.stringify(info)}`];
}
