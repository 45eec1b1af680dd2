import type { RedisReply } from "../types";
import type { Keyspace } from "./keyspace";
import { arg, type CommandTable, type Handler } from "./spec";
import { bulk, ERR, fail, globMatch, INT64_MAX, INT64_MIN, intArg, smallIntArg } from "./values";

/** EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT [NX | XX | GT | LT], after Redis expireGenericCommand. */
function expireCommand(name: string, unit: "s" | "ms", absolute: boolean): Handler {
  return (keys, args) => {
    const key = arg(args, 0);
    const flags = new Set<string>();
    for (const option of args.slice(2)) {
      const lower = option.toLowerCase();
      if (lower !== "nx" && lower !== "xx" && lower !== "gt" && lower !== "lt") fail(`ERR Unsupported option ${option}`);
      flags.add(lower);
    }
    if (flags.has("nx") && (flags.has("xx") || flags.has("gt") || flags.has("lt"))) {
      fail("ERR NX and XX, GT or LT options at the same time are not compatible");
    }
    if (flags.has("gt") && flags.has("lt")) fail("ERR GT and LT options at the same time are not compatible");
    let when = intArg(arg(args, 1));
    if (unit === "s") {
      if (when > INT64_MAX / 1000n || when < INT64_MIN / 1000n) fail(ERR.invalidExpire(name));
      when *= 1000n;
    }
    const base = absolute ? 0n : BigInt(keys.now());
    if (when > INT64_MAX - base) fail(ERR.invalidExpire(name));
    when += base;

    const current = keys.expiry(key);
    if (current === undefined) return 0;
    const deadline = Number(when);
    if (flags.has("nx") && current !== null) return 0;
    if (flags.has("xx") && current === null) return 0;
    if (flags.has("gt") && (current === null || deadline <= current)) return 0;
    if (flags.has("lt") && current !== null && deadline >= current) return 0;
    if (deadline <= keys.now()) keys.delete(key);
    else keys.setExpiry(key, deadline);
    return 1;
  };
}

function ttlCommand(unit: "s" | "ms"): Handler {
  return (keys, args) => {
    const deadline = keys.expiry(arg(args, 0));
    if (deadline === undefined) return -2;
    if (deadline === null) return -1;
    const remaining = Math.max(0, deadline - keys.now());
    return unit === "ms" ? remaining : Math.floor((remaining + 500) / 1000);
  };
}

/** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. Cursors are opaque decimal strings, "0" when done. */
function scan(keys: Keyspace, args: string[]): RedisReply {
  const cursorText = arg(args, 0);
  // Redis parses the cursor with strtoul: digits, optionally signed; "-1" wraps to a huge cursor.
  if (!/^[+-]?[0-9]*$/.test(cursorText) || BigInt(cursorText.replace(/^\+/, "") || "0") >= 2n ** 64n) fail("ERR invalid cursor");
  const cursor = cursorText.startsWith("-") ? Number.MAX_SAFE_INTEGER : Number(cursorText.replace(/^\+/, "") || "0");
  let count = 10;
  let pattern: string | undefined;
  let type: string | undefined;
  for (let i = 1; i < args.length; i += 2) {
    const option = arg(args, i).toLowerCase();
    const value = args[i + 1];
    if (value === undefined) fail(ERR.syntax);
    else if (option === "count") {
      count = smallIntArg(value);
      if (count < 1) fail(ERR.syntax);
    } else if (option === "match") pattern = value === "*" ? undefined : value;
    else if (option === "type") type = value.toLowerCase();
    else fail(ERR.syntax);
  }
  const step = keys.scan(cursor, count);
  const found = step.keys
    .filter((entry) => pattern === undefined || globMatch(pattern, entry.key))
    .filter((entry) => type === undefined || entry.type === type)
    .map((entry) => bulk(entry.key));
  return [bulk(String(step.next)), found];
}

function flush(keys: Keyspace, args: string[]): RedisReply {
  const mode = args[0]?.toLowerCase();
  if (args.length > 1 || (mode !== undefined && mode !== "sync" && mode !== "async")) fail(ERR.syntax);
  keys.flush();
  return "OK";
}

export const keyCommands: CommandTable = {
  del: { arity: -2, run: (keys, args) => args.filter((key) => keys.delete(key)).length },
  unlink: { arity: -2, run: (keys, args) => args.filter((key) => keys.delete(key)).length },
  exists: { arity: -2, run: (keys, args) => args.filter((key) => keys.exists(key)).length },
  type: { arity: 2, run: (keys, args) => keys.type(arg(args, 0)) ?? "none" },
  expire: { arity: -3, run: expireCommand("expire", "s", false) },
  pexpire: { arity: -3, run: expireCommand("pexpire", "ms", false) },
  expireat: { arity: -3, run: expireCommand("expireat", "s", true) },
  pexpireat: { arity: -3, run: expireCommand("pexpireat", "ms", true) },
  ttl: { arity: 2, run: ttlCommand("s") },
  pttl: { arity: 2, run: ttlCommand("ms") },
  persist: {
    arity: 2,
    run: (keys, args) => (typeof keys.expiry(arg(args, 0)) === "number" ? Number(keys.setExpiry(arg(args, 0), null)) : 0),
  },
  scan: { arity: -2, run: scan },
  keys: {
    arity: 2,
    run(keys, args) {
      const pattern = arg(args, 0);
      return keys.keys().filter((key) => pattern === "*" || globMatch(pattern, key)).map(bulk);
    },
  },
  dbsize: { arity: 1, run: (keys) => keys.size() },
  flushdb: { arity: -1, run: flush },
  flushall: { arity: -1, run: flush },
  ping: {
    arity: -1,
    run(_keys, args) {
      if (args.length > 1) fail(ERR.arity("ping"));
      return args[0] === undefined ? "PONG" : bulk(args[0]);
    },
  },
  echo: { arity: 2, run: (_keys, args) => bulk(arg(args, 0)) },
  time: {
    arity: 1,
    run(keys) {
      const ms = keys.now();
      return [bulk(String(Math.floor(ms / 1000))), bulk(String(Math.floor((ms % 1000) * 1000)))];
    },
  },
};
