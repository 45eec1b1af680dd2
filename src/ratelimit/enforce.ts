import type { Context } from "hono";
import type { AppEnv } from "../http/app-env";
import { AppError } from "../http/errors";
import { limiterIdentifier, rateLimitHeaders, type RateLimitPolicy } from "./limiter";

export function clientIp(c: Context<AppEnv>): string {
  return c.req.header("CF-Connecting-IP") ?? "unknown";
}

/**
 * Counts this request against each policy; answers 429 with Retry-After and RateLimit
 * headers when any is exhausted, and otherwise sets the headers on the response.
 */
export async function enforceRateLimits(c: Context<AppEnv>, checks: { policy: RateLimitPolicy; key: string }[]): Promise<void> {
  const identified = await Promise.all(checks.map(async (check) => ({ policy: check.policy, identifier: await limiterIdentifier(check.key) })));
  const decision = await c.var.services.rateLimiter.consumeAll(identified);
  const headers = rateLimitHeaders(decision);
  if (!decision.allowed) {
    throw new AppError("RATE_LIMITED", `Too many requests; try again in ${decision.resetSeconds} seconds`, {
      headers: { ...headers, "Retry-After": String(decision.resetSeconds) },
    });
  }
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
}
