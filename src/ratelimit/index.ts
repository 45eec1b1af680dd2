export { clientIp, enforceRateLimits } from "./enforce";
export { RateLimiter, rateLimitHeaders, type RateLimitDecision, type RateLimitPolicy } from "./limiter";
export { ipRateLimit } from "./middleware";
