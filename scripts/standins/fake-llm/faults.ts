import { PROVIDERS, isPositiveInteger, isRecord, type Checked, type Provider } from "./common";

export type Fault =
  | { kind: "status"; status: number }
  | { kind: "rate_limit"; retryAfterSeconds: number }
  | { kind: "delay"; ms: number }
  | { kind: "hang" }
  | { kind: "reset" }
  | { kind: "malformed" }
  | { kind: "cut_stream"; afterChunks: number };

interface FaultOrder {
  provider: Provider;
  apiKey: string;
  fault: Fault;
  /** How many requests the fault applies to; until cleared when absent. */
  count?: number;
}

const isNonNegativeInteger = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

export function isProvider(value: unknown): value is Provider {
  return PROVIDERS.includes(value as Provider);
}

function parseFault(value: unknown): Checked<Fault> {
  if (!isRecord(value)) return { ok: false, message: "fault must be an object with a kind" };
  switch (value.kind) {
    case "status":
      return Number.isInteger(value.status) && (value.status as number) >= 400 && (value.status as number) <= 599
        ? { ok: true, value: { kind: "status", status: value.status as number } }
        : { ok: false, message: "fault.status must be an integer from 400 to 599" };
    case "rate_limit":
      return isNonNegativeInteger(value.retryAfterSeconds)
        ? { ok: true, value: { kind: "rate_limit", retryAfterSeconds: value.retryAfterSeconds } }
        : { ok: false, message: "fault.retryAfterSeconds must be a non-negative integer" };
    case "delay":
      return isNonNegativeInteger(value.ms)
        ? { ok: true, value: { kind: "delay", ms: value.ms } }
        : { ok: false, message: "fault.ms must be a non-negative integer" };
    case "cut_stream":
      return isNonNegativeInteger(value.afterChunks)
        ? { ok: true, value: { kind: "cut_stream", afterChunks: value.afterChunks } }
        : { ok: false, message: "fault.afterChunks must be a non-negative integer" };
    case "hang":
    case "reset":
    case "malformed":
      return { ok: true, value: { kind: value.kind } };
    default:
      return { ok: false, message: "fault.kind must be one of status, rate_limit, delay, hang, reset, malformed, cut_stream" };
  }
}

export function parseFaultOrder(body: unknown): Checked<FaultOrder> {
  if (!isRecord(body)) return { ok: false, message: "body must be a JSON object" };
  if (!isProvider(body.provider)) return { ok: false, message: `provider must be one of ${PROVIDERS.join(", ")}` };
  if (typeof body.apiKey !== "string" || body.apiKey === "") return { ok: false, message: "apiKey must be a non-empty string" };
  const { count } = body;
  if (count !== undefined && !isPositiveInteger(count)) return { ok: false, message: "count must be a positive integer when given" };
  const fault = parseFault(body.fault);
  if (!fault.ok) return fault;
  return { ok: true, value: { provider: body.provider, apiKey: body.apiKey, fault: fault.value, count } };
}

interface QueuedFault {
  fault: Fault;
  remaining?: number;
}

/** Faults queued per provider and tenant (API key), consumed in order by that tenant's requests. */
export class FaultQueues {
  private readonly queues = new Map<string, QueuedFault[]>();

  /** Queues the fault and returns how many faults are now queued for that provider and tenant. */
  add(order: FaultOrder): number {
    const key = queueKey(order.provider, order.apiKey);
    const queue = this.queues.get(key) ?? [];
    queue.push({ fault: order.fault, remaining: order.count });
    this.queues.set(key, queue);
    return queue.length;
  }

  /** The fault for the next request, if any; a fault without a count stays at the head until cleared. */
  take(provider: Provider, apiKey: string): Fault | undefined {
    const key = queueKey(provider, apiKey);
    const queue = this.queues.get(key);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    if (head.remaining !== undefined && --head.remaining === 0) queue.shift();
    if (queue.length === 0) this.queues.delete(key);
    return head.fault;
  }

  /** Clears the tenant's faults for one provider, or all providers; returns how many were dropped. */
  clear(apiKey: string, provider?: Provider): number {
    let cleared = 0;
    for (const each of provider ? [provider] : PROVIDERS) {
      const key = queueKey(each, apiKey);
      cleared += this.queues.get(key)?.length ?? 0;
      this.queues.delete(key);
    }
    return cleared;
  }
}

function queueKey(provider: Provider, apiKey: string): string {
  return `${provider}\n${apiKey}`;
}
