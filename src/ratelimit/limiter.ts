import type { Redis } from "../cache";
import type { Logger } from "../logging";

export interface RateLimitPolicy {
  /** Short name, shown in RateLimit headers and used in keys. */
  name: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitDecision {
  policy: RateLimitPolicy;
  allowed: boolean;
  remaining: number;
  /** Seconds until the current window ends. */
  resetSeconds: number;
}

/**
 * Fixed-window counters in Redis, shared by every isolate: an INCR + PEXPIRE per policy,
 * all of a request's policies in a single MULTI round trip. When Redis cannot be reached
 * the request is allowed and the outage logged: a cache outage must not lock every user out.
 */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly logger: Logger,
  ) {}

  /** Counts the request against every policy; the decision reported is the most restrictive one. */
  async consumeAll(checks: { policy: RateLimitPolicy; identifier: string }[], nowMs = Date.now()): Promise<RateLimitDecision> {
    const windows = checks.map(({ policy, identifier }) => {
      const windowMs = policy.windowSeconds * 1000;
      const windowStart = Math.floor(nowMs / windowMs) * windowMs;
      return {
        policy,
        key: `${this.namespace}:ratelimit:${policy.name}:${identifier}:${windowStart}`,
        expiresInMs: windowMs + 1000,
        resetSeconds: Math.max(1, Math.ceil((windowStart + windowMs - nowMs) / 1000)),
      };
    });
    let counts: number[];
    try {
      const transaction = this.redis.multi();
      for (const window of windows) transaction.incr(window.key).pexpire(window.key, window.expiresInMs);
      const replies = await transaction.exec<number[]>();
      counts = windows.map((_, index) => replies[index * 2]!);
    } catch (error) {
      this.logger.warn("rate limiter unavailable; request allowed", { policies: checks.map((check) => check.policy.name), error });
      counts = windows.map(() => 0);
    }
    const decisions = windows.map(({ policy, resetSeconds }, index): RateLimitDecision => {
      const count = counts[index]!;
      return { policy, allowed: count <= policy.limit, remaining: Math.max(0, policy.limit - count), resetSeconds };
    });
    const denied = decisions.filter((decision) => !decision.allowed).sort((a, b) => b.resetSeconds - a.resetSeconds);
    return denied[0] ?? decisions.sort((a, b) => a.remaining - b.remaining)[0]!;
  }
}

/** IETF RateLimit / RateLimit-Policy header fields for a decision. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const { policy } = decision;
  return {
    "RateLimit-Policy": `"${policy.name}";q=${policy.limit};w=${policy.windowSeconds}`,
    RateLimit: `"${policy.name}";r=${decision.remaining};t=${decision.resetSeconds}`,
  };
}

/** A stable, non-reversible identifier for rate-limit keys, so no email or IP is stored in Redis. */
export async function limiterIdentifier(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value.trim().toLowerCase()));
  return [...new Uint8Array(digest).slice(0, 12)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
