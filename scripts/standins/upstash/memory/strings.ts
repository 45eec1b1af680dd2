import type { RedisReply } from "../types";
import type { Keyspace } from "./keyspace";
import { arg, type CommandTable } from "./spec";
import { bulk, ERR, fail, INT64_MAX, INT64_MIN, intArg, parseInt64 } from "./values";

type ExpireOption = { kind: "ex" | "px" | "exat" | "pxat"; value: string };

/** Redis getExpireMillisecondsOrReply: the absolute deadline for SET/SETEX's expire argument. */
function expireDeadline(keys: Keyspace, option: ExpireOption, command: string): number {
  let ms = intArg(option.value);
  const seconds = option.kind === "ex" || option.kind === "exat";
  if (ms <= 0n || (seconds && ms > INT64_MAX / 1000n)) fail(ERR.invalidExpire(command));
  if (seconds) ms *= 1000n;
  if (option.kind === "ex" || option.kind === "px") ms += BigInt(keys.now());
  if (ms > INT64_MAX) fail(ERR.invalidExpire(command));
  return Number(ms);
}

function getString(keys: Keyspace, key: string): RedisReply {
  const value = keys.read(key, "string");
  return value === undefined ? null : bulk(value);
}

function set(keys: Keyspace, args: string[]): RedisReply {
  const key = arg(args, 0);
  const value = arg(args, 1);
  let nx = false;
  let xx = false;
  let get = false;
  let keepTtl = false;
  let expire: ExpireOption | undefined;
  for (let i = 2; i < args.length; i++) {
    const option = arg(args, i).toLowerCase();
    const next = args[i + 1];
    if (option === "nx" && !xx) nx = true;
    else if (option === "xx" && !nx) xx = true;
    else if (option === "get") get = true;
    else if (option === "keepttl" && !expire) keepTtl = true;
    else if ((option === "ex" || option === "px" || option === "exat" || option === "pxat") && !keepTtl && next !== undefined) {
      // Redis allows repeating the same expire option (the last wins) but not mixing kinds.
      if (expire && expire.kind !== option) fail(ERR.syntax);
      expire = { kind: option, value: next };
      i++;
    } else fail(ERR.syntax);
  }
  const deadline = expire ? expireDeadline(keys, expire, "set") : null;
  const previous = get ? getString(keys, key) : null;
  const found = keys.exists(key);
  if ((nx && found) || (xx && !found)) return previous;
  keys.write(key, { type: "string", data: value }, { keepTtl, expiresAt: deadline });
  return get ? previous : "OK";
}

function incrBy(keys: Keyspace, key: string, increment: bigint): RedisReply {
  const current = keys.read(key, "string");
  const value = current === undefined ? 0n : (parseInt64(current) ?? fail(ERR.notInteger));
  const result = value + increment;
  if (result > INT64_MAX || result < INT64_MIN) fail(ERR.overflow);
  keys.write(key, { type: "string", data: result.toString() }, { keepTtl: true });
  return Number(result);
}

export const stringCommands: CommandTable = {
  get: { arity: 2, run: (keys, args) => getString(keys, arg(args, 0)) },
  set: { arity: -3, run: set },
  setex: {
    arity: 4,
    run(keys, args) {
      const deadline = expireDeadline(keys, { kind: "ex", value: arg(args, 1) }, "setex");
      keys.write(arg(args, 0), { type: "string", data: arg(args, 2) }, { keepTtl: false, expiresAt: deadline });
      return "OK";
    },
  },
  setnx: {
    arity: 3,
    run(keys, args) {
      if (keys.exists(arg(args, 0))) return 0;
      keys.write(arg(args, 0), { type: "string", data: arg(args, 1) }, { keepTtl: false });
      return 1;
    },
  },
  getdel: {
    arity: 2,
    run(keys, args) {
      const value = getString(keys, arg(args, 0));
      if (value !== null) keys.delete(arg(args, 0));
      return value;
    },
  },
  mget: { arity: -2, run: (keys, args) => args.map((key) => (keys.type(key) === "string" ? getString(keys, key) : null)) },
  mset: {
    arity: -3,
    run(keys, args) {
      if (args.length % 2 !== 0) fail(ERR.arity("mset"));
      for (let i = 0; i < args.length; i += 2) keys.write(arg(args, i), { type: "string", data: arg(args, i + 1) }, { keepTtl: false });
      return "OK";
    },
  },
  incr: { arity: 2, run: (keys, args) => incrBy(keys, arg(args, 0), 1n) },
  decr: { arity: 2, run: (keys, args) => incrBy(keys, arg(args, 0), -1n) },
  incrby: { arity: 3, run: (keys, args) => incrBy(keys, arg(args, 0), intArg(arg(args, 1))) },
  decrby: {
    arity: 3,
    run(keys, args) {
      const decrement = intArg(arg(args, 1));
      if (decrement === INT64_MIN) fail("ERR decrement would overflow");
      return incrBy(keys, arg(args, 0), -decrement);
    },
  },
  append: {
    arity: 3,
    run(keys, args) {
      const value = (keys.read(arg(args, 0), "string") ?? "") + arg(args, 1);
      keys.write(arg(args, 0), { type: "string", data: value }, { keepTtl: true });
      return value.length;
    },
  },
  strlen: { arity: 2, run: (keys, args) => (keys.read(arg(args, 0), "string") ?? "").length },
};
