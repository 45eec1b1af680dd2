import { spawn } from "node:child_process";

/** Runs `npm run <script> [-- args]` with extra environment, failing loudly with its output when it fails. */
export function runNpmScript(script: string, env: Record<string, string>, args: string[] = []): Promise<void> {
  return new Promise((resolve, reject) => {
    const npmArgs = ["run", "--silent", script, ...(args.length ? ["--", ...args] : [])];
    const child = spawn("npm", npmArgs, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`npm run ${script} exited with ${code}:\n${output}`))));
  });
}
