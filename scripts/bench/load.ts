import { fork } from "node:child_process";

export interface LoadTarget {
  url: string;
  method: "GET" | "POST";
  headers?: Record<string, string>;
  /** `[<id>]` in the body becomes a unique value per request. */
  body?: string;
}

export interface LoadJob {
  target: LoadTarget;
  connections: number;
  seconds: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  non2xx: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number };
}

/**
 * Drives one target with autocannon for a fixed time and connection count. autocannon runs
 * in a child process: sharing the event loop of the Node stand-ins it measures halved the
 * throughput it saw and added milliseconds of queueing to every latency.
 */
export function load(target: LoadTarget, connections: number, seconds: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const runner = fork(new URL("./load-runner.ts", import.meta.url), { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let answered = false;
    runner.once("message", (message: { result?: LoadResult; error?: string }) => {
      answered = true;
      if (message.result) resolve(message.result);
      else reject(new Error(`autocannon failed: ${message.error}`));
    });
    runner.once("error", reject);
    runner.once("exit", (code) => {
      if (!answered) reject(new Error(`the load runner exited with ${code} before reporting`));
    });
    runner.send({ target, connections, seconds } satisfies LoadJob);
  });
}
