export { CacheAdmin, type CacheStats } from "./admin";
export { Cache, type CacheLookup, type CacheOptions } from "./cache";
export { createRedis, type Redis } from "./redis";
