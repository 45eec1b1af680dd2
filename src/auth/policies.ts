import type { Context } from "hono";
import type { AppEnv } from "../http/app-env";
import { clientIp, enforceRateLimits } from "../ratelimit";

/** Brute-force limits on register and login: per client IP and per email address. */
export function enforceAuthRateLimits(c: Context<AppEnv>, email: string): Promise<void> {
  const limits = c.var.services.config.rateLimits;
  return enforceRateLimits(c, [
    { policy: { name: "auth-ip", limit: limits.authPerIp, windowSeconds: limits.authWindowSeconds }, key: clientIp(c) },
    { policy: { name: "auth-email", limit: limits.authPerEmail, windowSeconds: limits.authWindowSeconds }, key: email },
  ]);
}
