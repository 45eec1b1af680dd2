import autocannon from "autocannon";

export interface LoadTarget {
  url: string;
  method: "GET" | "POST";
  headers?: Record<string, string>;
  /** `[<id>]` in the body becomes a unique value per request. */
  body?: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  non2xx: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number };
}

/** Exact percentiles from every response time autocannon reports. */
function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

const round = (value: number) => Math.round(value * 100) / 100;

let sequence = 0;
const uniqueId = () => `${process.pid}-${Date.now()}-${(sequence += 1)}`;

/** Drives one target with autocannon for a fixed time and connection count. */
export async function load(target: LoadTarget, connections: number, seconds: number): Promise<LoadResult> {
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
