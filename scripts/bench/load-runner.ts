import autocannon from "autocannon";
import type { LoadJob, LoadResult } from "./load";

/** Exact percentiles from every response time autocannon reports. */
function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

const round = (value: number) => Math.round(value * 100) / 100;

let sequence = 0;
const uniqueId = () => `${process.pid}-${Date.now()}-${(sequence += 1)}`;

async function run({ target, connections, seconds }: LoadJob): Promise<LoadResult> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        method: target.method,
        headers: target.headers,
        body: target.body,
        requests: target.body?.includes("[<id>]") ? [{ setupRequest: (request) => ({ ...request, body: target.body!.replace("[<id>]", uniqueId()) }) }] : undefined,
        connections,
        duration: seconds,
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  times.sort((a, b) => a - b);
  return {
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requestsPerSecond: round(result.requests.total / seconds),
    latencyMs: { p50: round(percentile(times, 0.5)), p95: round(percentile(times, 0.95)), p99: round(percentile(times, 0.99)) },
  };
}

process.once("message", (job: LoadJob) => {
  run(job).then(
    (result) => process.send!({ result }, undefined, {}, () => process.exit(0)),
    (error: unknown) => process.send!({ error: error instanceof Error ? error.message : String(error) }, undefined, {}, () => process.exit(1)),
  );
});
