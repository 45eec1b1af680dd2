import type { ProviderName } from "../config";
import { classifyProviderError, isProviderFault, type FailureClass, type ProviderFailure } from "./failures";
import type { Completion, CompletionRequest, LlmProvider, Usage } from "./types";

/** One attempt at one provider, as written to llm_calls. */
export interface AttemptRecord {
  provider: ProviderName;
  model: string;
  outcome: "success" | FailureClass;
  httpStatus: number | undefined;
  latencyMs: number;
  tokensIn: number | undefined;
  tokensOut: number | undefined;
  /** True when an earlier provider was tried first for this request. */
  failover: boolean;
}

/** Decides whether a provider may be called now (the circuit breakers), and hears how it went. */
export interface ProviderGate {
  admit(provider: ProviderName): Promise<{ allowed: true; leaseId: string | null } | { allowed: false; retryAt: number }>;
  settle(provider: ProviderName, leaseId: string | null, outcome: { providerFault: boolean; failureClass: string; retryAfterSeconds?: number }): void;
}

export interface FailoverOptions {
  /** Epoch ms by which the whole request must be answered; every attempt spends from it. */
  deadlineAt: number;
  onAttempt: (attempt: AttemptRecord) => void;
  gate: ProviderGate;
}

export interface SkippedProvider {
  provider: ProviderName;
  /** When its breaker lets a probe through again (epoch ms). */
  retryAt: number;
}

/** The request itself was refused (bad input, context too long): no other provider would take it. */
export class RequestRejected extends Error {
  constructor(readonly failure: ProviderFailure) {
    super(failure.message);
    this.name = "RequestRejected";
  }
}

/** Every configured provider failed or was skipped by its open circuit, or the deadline ran out. */
export class AllProvidersFailed extends Error {
  constructor(
    readonly failures: ProviderFailure[],
    readonly skipped: SkippedProvider[],
  ) {
    const reasons = [...failures.map((failure) => failure.message), ...skipped.map((skip) => `${skip.provider} circuit open`)];
    super(reasons.length ? reasons.join("; ") : "no provider is configured");
    this.name = "AllProvidersFailed";
  }

  /** The longest Retry-After a provider asked for; else, when circuits were open, the earliest probe time. */
  get retryAfterSeconds(): number | undefined {
    const asked = this.failures.map((failure) => failure.retryAfterSeconds).filter((value): value is number => value !== undefined);
    if (asked.length) return Math.max(...asked);
    if (this.skipped.length) return Math.max(1, Math.ceil((Math.min(...this.skipped.map((skip) => skip.retryAt)) - Date.now()) / 1000));
    return undefined;
  }
}

export interface StartedStream {
  provider: LlmProvider;
  firstChunk: string;
  rest: AsyncIterator<string>;
  usage: () => Usage;
  /** Records the attempt once the stream has ended, cleanly or not. */
  settle(outcome: AttemptRecord["outcome"], httpStatus?: number): void;
}

interface AttemptContext {
  signal: AbortSignal;
  timeoutMs: number;
  record: (outcome: AttemptRecord["outcome"], httpStatus: number | undefined, usage: Usage | undefined, retryAfterSeconds?: number) => void;
}

type Attempt<T> = (provider: LlmProvider, context: AttemptContext) => Promise<T>;

/** Tries providers in order within the deadline. The attempt records its own success; failures are recorded here. */
async function withFailover<T>(providers: LlmProvider[], options: FailoverOptions, attempt: Attempt<T>): Promise<T> {
  const failures: ProviderFailure[] = [];
  const skipped: SkippedProvider[] = [];
  for (const provider of providers) {
    const remainingMs = options.deadlineAt - Date.now();
    if (remainingMs <= 0) break;
    const admission = await options.gate.admit(provider.name);
    if (!admission.allowed) {
      skipped.push({ provider: provider.name, retryAt: admission.retryAt });
      continue;
    }
    const timeoutMs = Math.min(provider.timeoutMs, remainingMs);
    const startedAt = Date.now();
    const failover = failures.length + skipped.length > 0;
    const record = (outcome: AttemptRecord["outcome"], httpStatus: number | undefined, usage: Usage | undefined, retryAfterSeconds?: number) => {
      options.onAttempt({ provider: provider.name, model: provider.model, outcome, httpStatus, latencyMs: Date.now() - startedAt, tokensIn: usage?.tokensIn, tokensOut: usage?.tokensOut, failover });
      options.gate.settle(provider.name, admission.leaseId, { providerFault: outcome !== "success" && isProviderFault(outcome), failureClass: outcome, retryAfterSeconds });
    };
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      return await attempt(provider, { signal, timeoutMs, record });
    } catch (thrown) {
      const failure = classifyProviderError(provider.name, thrown, signal);
      record(failure.failure, failure.httpStatus, undefined, failure.retryAfterSeconds);
      if (!isProviderFault(failure.failure)) throw new RequestRejected(failure);
      failures.push(failure);
    }
  }
  throw new AllProvidersFailed(failures, skipped);
}

/** Asks each provider in order until one answers; a client fault stops at once. */
export async function completeWithFailover(providers: LlmProvider[], request: CompletionRequest, options: FailoverOptions): Promise<{ completion: Completion; provider: LlmProvider }> {
  return withFailover(providers, options, async (provider, context) => {
    const completion = await provider.complete(request, context);
    context.record("success", 200, completion.usage);
    return { completion, provider };
  });
}

/**
 * Starts a stream with failover up to its first token: a provider that fails before it
 * speaks is replaced by the next; after the first token the stream is committed.
 */
export async function streamWithFailover(providers: LlmProvider[], request: CompletionRequest, options: FailoverOptions): Promise<StartedStream> {
  return withFailover(providers, options, async (provider, context) => {
    const stream = await provider.stream(request, context);
    const rest = stream.chunks[Symbol.asyncIterator]();
    const first = await rest.next();
    return {
      provider,
      firstChunk: first.done ? "" : first.value,
      rest,
      usage: stream.usage,
      settle: (outcome, httpStatus) => context.record(outcome, httpStatus ?? (outcome === "success" ? 200 : undefined), stream.usage()),
    };
  });
}
