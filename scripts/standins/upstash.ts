/**
 * A local stand-in for the Upstash Redis REST API (dev and test tooling only), backed by a real
 * Redis through ioredis or by an in-process store. See upstash/server.ts for the protocol.
 */
export { createMemoryRedis } from "./upstash/memory";
export { connectRealRedis } from "./upstash/real";
export { startUpstashStandin, type UpstashStandin, type UpstashStandinOptions } from "./upstash/server";
export { EXECABORT, RedisErrorReply, type RedisBackend, type RedisReply } from "./upstash/types";
