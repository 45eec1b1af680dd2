import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/app-env";
import { clientIp, enforceRateLimits } from "./enforce";

const EXEMPT = new Set(["/api/health"]);

/** A generous per-IP limit on every route but health; auth and chat add stricter ones of their own. */
export function ipRateLimit(): MiddlewareHandler<AppEnv> {
  return async function ipRateLimit(c, next) {
    const services = c.var.services;
    if (services && !EXEMPT.has(c.req.path)) {
      const { perIp, windowSeconds } = services.config.rateLimits;
      await enforceRateLimits(c, [{ policy: { name: "ip", limit: perIp, windowSeconds }, key: clientIp(c) }]);
    }
    await next();
  };
}
