import type { ProviderName } from "../config";

/**
 * Why a provider call failed. The class decides everything downstream: whether to try the
 * next provider, whether it counts against the provider's circuit breaker, and what the
 * client is told.
 */
export type FailureClass =
  | "timeout"
  | "connection"
  | "server_error"
  | "overloaded"
  | "rate_limited"
  | "auth"
  | "malformed"
  | "bad_request"
  | "context_too_long";

/** Failures caused by the request itself: another provider would refuse it too. */
const CLIENT_FAULTS: ReadonlySet<FailureClass> = new Set(["bad_request", "context_too_long"]);

export function isProviderFault(failure: FailureClass): boolean {
  return !CLIENT_FAULTS.has(failure);
}

export class ProviderFailure extends Error {
  constructor(
    readonly provider: ProviderName,
    readonly failure: FailureClass,
    readonly httpStatus: number | undefined,
    readonly retryAfterSeconds: number | undefined,
    detail: string,
  ) {
    super(`${provider} ${failure}${httpStatus ? ` (HTTP ${httpStatus})` : ""}: ${detail}`);
    this.name = "ProviderFailure";
  }
}

interface SdkErrorShape {
  name?: string;
  status?: unknown;
  headers?: { get?: (name: string) => string | null } | Record<string, string>;
  error?: { type?: string; code?: string; error?: { type?: string } };
  message?: string;
}

function header(error: SdkErrorShape, name: string): string | undefined {
  const headers = error.headers;
  if (!headers) return undefined;
  if (typeof headers.get === "function") return headers.get(name) ?? undefined;
  return (headers as Record<string, string>)[name];
}

function retryAfterSeconds(error: SdkErrorShape): number | undefined {
  const value = header(error, "retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

const CONTEXT_TOO_LONG = /context.length|maximum context|too many tokens|prompt is too long|context_length_exceeded/i;

function classifyStatus(status: number, error: SdkErrorShape): FailureClass {
  const errorType = error.error?.type ?? error.error?.error?.type ?? error.error?.code ?? "";
  if (status === 429) return "rate_limited";
  if (status === 529 || errorType === "overloaded_error") return "overloaded";
  if (status >= 500) return "server_error";
  if (status === 401 || status === 403 || status === 404) return "auth";
  if (status === 413 || CONTEXT_TOO_LONG.test(`${errorType} ${error.message ?? ""}`)) return "context_too_long";
  if (status >= 400) return "bad_request";
  return "malformed";
}

/**
 * Classifies anything the OpenAI or Anthropic SDK (or the runtime under them) can throw.
 * Both SDKs share their error vocabulary, so one function serves every adapter.
 */
export function classifyProviderError(provider: ProviderName, thrown: unknown, deadline?: AbortSignal): ProviderFailure {
  if (thrown instanceof ProviderFailure) return thrown;
  const error = (thrown ?? {}) as SdkErrorShape;
  const detail = String(error.message ?? thrown).slice(0, 300);
  // When our own time budget aborted the call, the SDKs report it in several shapes.
  const timedOut = deadline?.aborted || ["APIConnectionTimeoutError", "TimeoutError", "AbortError", "APIUserAbortError"].includes(error.name ?? "");
  if (timedOut) {
    return new ProviderFailure(provider, "timeout", undefined, undefined, detail);
  }
  if (typeof error.status === "number") {
    const failure = classifyStatus(error.status, error);
    return new ProviderFailure(provider, failure, error.status, failure === "rate_limited" ? retryAfterSeconds(error) : undefined, detail);
  }
  if (thrown instanceof SyntaxError) return new ProviderFailure(provider, "malformed", undefined, undefined, detail);
  return new ProviderFailure(provider, "connection", undefined, undefined, detail);
}
