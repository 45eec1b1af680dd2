import type { RedisReply } from "../types";
import type { Keyspace } from "./keyspace";
import { arg, type CommandTable } from "./spec";
import { bulk, ERR, fail, INT64_MAX, INT64_MIN, intArg, parseInt64 } from "./values";

function hset(keys: Keyspace, args: string[], reply: "count" | "ok"): RedisReply {
  if (args.length % 2 === 0) fail(ERR.arity(reply === "count" ? "hset" : "hmset"));
  const hash = keys.readOrCreate(arg(args, 0), "hash");
  let created = 0;
  for (let i = 1; i < args.length; i += 2) {
    if (!hash.has(arg(args, i))) created++;
    hash.set(arg(args, i), arg(args, i + 1));
  }
  return reply === "count" ? created : "OK";
}

export const hashCommands: CommandTable = {
  hset: { arity: -4, run: (keys, args) => hset(keys, args, "count") },
  hmset: { arity: -4, run: (keys, args) => hset(keys, args, "ok") },
  hget: {
    arity: 3,
    run(keys, args) {
      const value = keys.read(arg(args, 0), "hash")?.get(arg(args, 1));
      return value === undefined ? null : bulk(value);
    },
  },
  hmget: {
    arity: -3,
    run(keys, args) {
      const hash = keys.read(arg(args, 0), "hash");
      return args.slice(1).map((field) => {
        const value = hash?.get(field);
        return value === undefined ? null : bulk(value);
      });
    },
  },
  hgetall: {
    arity: 2,
    run: (keys, args) => [...(keys.read(arg(args, 0), "hash") ?? new Map<string, string>())].flatMap(([field, value]) => [bulk(field), bulk(value)]),
  },
  hkeys: { arity: 2, run: (keys, args) => [...(keys.read(arg(args, 0), "hash")?.keys() ?? [])].map(bulk) },
  hvals: { arity: 2, run: (keys, args) => [...(keys.read(arg(args, 0), "hash")?.values() ?? [])].map(bulk) },
  hlen: { arity: 2, run: (keys, args) => keys.read(arg(args, 0), "hash")?.size ?? 0 },
  hexists: { arity: 3, run: (keys, args) => (keys.read(arg(args, 0), "hash")?.has(arg(args, 1)) ? 1 : 0) },
  hdel: {
    arity: -3,
    run(keys, args) {
      const key = arg(args, 0);
      const hash = keys.read(key, "hash");
      if (!hash) return 0;
      const removed = args.slice(1).filter((field) => hash.delete(field)).length;
      keys.deleteIfEmpty(key, hash);
      return removed;
    },
  },
  hincrby: {
    arity: 4,
    run(keys, args) {
      const increment = intArg(arg(args, 2));
      const hash = keys.readOrCreate(arg(args, 0), "hash");
      const current = hash.get(arg(args, 1));
      const value = current === undefined ? 0n : (parseInt64(current) ?? fail("ERR hash value is not an integer"));
      const result = value + increment;
      if (result > INT64_MAX || result < INT64_MIN) fail(ERR.overflow);
      hash.set(arg(args, 1), result.toString());
      return Number(result);
    },
  },
};
