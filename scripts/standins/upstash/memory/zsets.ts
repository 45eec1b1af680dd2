import type { RedisReply } from "../types";
import type { Keyspace } from "./keyspace";
import { arg, type CommandTable } from "./spec";
import { bulk, ERR, fail, formatDouble, parseDouble, parseRangeDouble, smallIntArg } from "./values";

interface Member {
  member: string;
  score: number;
}

/** Redis order: by score, then by member bytes. */
function sorted(zset: Map<string, number>): Member[] {
  return [...zset]
    .map(([member, score]) => ({ member, score }))
    .sort((a, b) => a.score - b.score || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
}

interface Bound<T> {
  value: T;
  exclusive: boolean;
}

/** zslParseRange: "(1.5" is exclusive; "-inf" / "+inf" work; anything else is "min or max is not a float". */
function scoreBound(text: string): Bound<number> {
  const exclusive = text.startsWith("(");
  const value = parseRangeDouble(exclusive ? text.slice(1) : text);
  if (value === undefined) fail("ERR min or max is not a float");
  return { value, exclusive };
}

interface LexBound extends Bound<string> {
  extreme?: "-" | "+";
}

/** zslParseLexRangeItem: "-" / "+" are the extremes, "[a" inclusive, "(a" exclusive. */
function lexBound(text: string): LexBound {
  if (text === "-" || text === "+") return { value: "", exclusive: true, extreme: text };
  if (text.startsWith("(") || text.startsWith("[")) return { value: text.slice(1), exclusive: text.startsWith("(") };
  return fail("ERR min or max not valid string range item");
}

const aboveMin = (score: number, min: Bound<number>) => (min.exclusive ? score > min.value : score >= min.value);
const belowMax = (score: number, max: Bound<number>) => (max.exclusive ? score < max.value : score <= max.value);
const inScoreRange = (score: number, min: Bound<number>, max: Bound<number>) => aboveMin(score, min) && belowMax(score, max);

const rankOf = (bound: LexBound) => (bound.extreme === "-" ? -1 : bound.extreme === "+" ? 1 : 0);

/** Redis sdscmplex: "-" sorts before everything, "+" after everything. */
function compareLex(a: LexBound, b: LexBound): number {
  if (rankOf(a) !== 0 || rankOf(b) !== 0) return rankOf(a) - rankOf(b);
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

function lexAboveMin(member: string, min: LexBound): boolean {
  const cmp = compareLex({ value: member, exclusive: false }, min);
  return min.exclusive ? cmp > 0 : cmp >= 0;
}

function lexBelowMax(member: string, max: LexBound): boolean {
  const cmp = compareLex({ value: member, exclusive: false }, max);
  return max.exclusive ? cmp < 0 : cmp <= 0;
}

/**
 * A BYLEX range walked the way Redis walks a small sorted set: from the first member inside the
 * range to the first one past it. For the intended use (all scores equal) that is simply the lex
 * range; with mixed scores Redis's answer is unspecified, and this reproduces what it does.
 */
function lexRange(members: Member[], min: LexBound, max: LexBound, reverse: boolean): Member[] {
  const cmp = compareLex(min, max);
  const first = members[0];
  const last = members[members.length - 1];
  if (cmp > 0 || (cmp === 0 && (min.exclusive || max.exclusive)) || !first || !last) return [];
  if (!lexAboveMin(last.member, min) || !lexBelowMax(first.member, max)) return [];
  const ordered = reverse ? [...members].reverse() : members;
  const [enters, stays] = reverse
    ? [(m: Member) => lexBelowMax(m.member, max), (m: Member) => lexAboveMin(m.member, min)]
    : [(m: Member) => lexAboveMin(m.member, min), (m: Member) => lexBelowMax(m.member, max)];
  const start = ordered.findIndex(enters);
  if (start < 0) return [];
  const result: Member[] = [];
  for (const member of ordered.slice(start)) {
    if (!stays(member)) break;
    result.push(member);
  }
  return result;
}

function zadd(keys: Keyspace, args: string[]): RedisReply {
  const key = arg(args, 0);
  const flags = new Set<string>();
  let index = 1;
  for (; index < args.length; index++) {
    const option = arg(args, index).toLowerCase();
    if (!["nx", "xx", "ch", "incr", "gt", "lt"].includes(option)) break;
    flags.add(option);
  }
  const elements = args.length - index;
  if (elements === 0 || elements % 2 !== 0) fail(ERR.syntax);
  if (flags.has("nx") && flags.has("xx")) fail("ERR XX and NX options at the same time are not compatible");
  if ((flags.has("gt") && flags.has("nx")) || (flags.has("lt") && flags.has("nx")) || (flags.has("gt") && flags.has("lt"))) {
    fail("ERR GT, LT, and/or NX options at the same time are not compatible");
  }
  if (flags.has("incr") && elements > 2) fail("ERR INCR option supports a single increment-element pair");
  const pairs: Member[] = [];
  for (let i = index; i < args.length; i += 2) {
    pairs.push({ score: parseDouble(arg(args, i)) ?? fail(ERR.notFloat), member: arg(args, i + 1) });
  }
  const existing = keys.read(key, "zset");
  if (!existing && flags.has("xx")) return flags.has("incr") ? null : 0;
  const zset = existing ?? keys.readOrCreate(key, "zset");
  let added = 0;
  let updated = 0;
  let processed = 0;
  let last = 0;
  for (const { member, score: given } of pairs) {
    const current = zset.get(member);
    if (current === undefined) {
      if (flags.has("xx")) continue;
      zset.set(member, given);
      added++;
      processed++;
      last = given;
      continue;
    }
    if (flags.has("nx")) continue;
    const score = flags.has("incr") ? current + given : given;
    if (Number.isNaN(score)) fail("ERR resulting score is not a number (NaN)");
    if ((flags.has("lt") && score >= current) || (flags.has("gt") && score <= current)) continue;
    if (score !== current) {
      zset.set(member, score);
      updated++;
    }
    processed++;
    last = score;
  }
  if (flags.has("incr")) return processed ? bulk(formatDouble(last)) : null;
  return flags.has("ch") ? added + updated : added;
}

/** ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES], after zrangeGenericCommand. */
function zrange(keys: Keyspace, args: string[]): RedisReply {
  let withScores = false;
  let reverse = false;
  let by: "rank" | "score" | "lex" = "rank";
  let limit: { offset: number; count: number } | undefined;
  for (let i = 3; i < args.length; i++) {
    const option = arg(args, i).toLowerCase();
    if (option === "withscores") withScores = true;
    else if (option === "limit" && args.length - i - 1 >= 2) {
      limit = { offset: smallIntArg(arg(args, i + 1)), count: smallIntArg(arg(args, i + 2)) };
      i += 2;
    } else if (option === "rev" && !reverse) reverse = true;
    else if (option === "bylex" && by === "rank") by = "lex";
    else if (option === "byscore" && by === "rank") by = "score";
    else fail(ERR.syntax);
  }
  // Redis's "no limit" is a count of -1, so `LIMIT 0 -1` passes even in rank mode.
  if (limit && limit.count !== -1 && by === "rank") fail("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
  if (withScores && by === "lex") fail("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
  // With REV, BYSCORE and BYLEX take the range as max then min.
  const [minText, maxText] = reverse && by !== "rank" ? [arg(args, 2), arg(args, 1)] : [arg(args, 1), arg(args, 2)];
  let select: (members: Member[]) => Member[];
  if (by === "rank") {
    const start = smallIntArg(minText);
    const stop = smallIntArg(maxText);
    select = (members) => {
      const length = members.length;
      let from = start < 0 ? length + start : start;
      let to = stop < 0 ? length + stop : stop;
      if (from < 0) from = 0;
      if (from > to || from >= length) return [];
      if (to >= length) to = length - 1;
      return (reverse ? [...members].reverse() : members).slice(from, to + 1);
    };
  } else {
    let inRange: (members: Member[]) => Member[];
    if (by === "score") {
      const [min, max] = [scoreBound(minText), scoreBound(maxText)];
      inRange = (members) => (reverse ? [...members].reverse() : members).filter((m) => inScoreRange(m.score, min, max));
    } else {
      const [min, max] = [lexBound(minText), lexBound(maxText)];
      inRange = (members) => lexRange(members, min, max, reverse);
    }
    select = (members) => {
      const found = inRange(members);
      if (!limit) return found;
      if (limit.offset < 0) return [];
      return found.slice(limit.offset, limit.count < 0 ? undefined : limit.offset + limit.count);
    };
  }
  const zset = keys.read(arg(args, 0), "zset");
  if (!zset) return [];
  return select(sorted(zset)).flatMap(({ member, score }) => (withScores ? [bulk(member), bulk(formatDouble(score))] : [bulk(member)]));
}

export const zsetCommands: CommandTable = {
  zadd: { arity: -4, run: zadd },
  zrange: { arity: -4, run: zrange },
  zcard: { arity: 2, run: (keys, args) => keys.read(arg(args, 0), "zset")?.size ?? 0 },
  zscore: {
    arity: 3,
    run(keys, args) {
      const score = keys.read(arg(args, 0), "zset")?.get(arg(args, 1));
      return score === undefined ? null : bulk(formatDouble(score));
    },
  },
  zrem: {
    arity: -3,
    run(keys, args) {
      const key = arg(args, 0);
      const zset = keys.read(key, "zset");
      if (!zset) return 0;
      const removed = args.slice(1).filter((member) => zset.delete(member)).length;
      keys.deleteIfEmpty(key, zset);
      return removed;
    },
  },
  zcount: {
    arity: 4,
    run(keys, args) {
      const [min, max] = [scoreBound(arg(args, 1)), scoreBound(arg(args, 2))];
      return [...(keys.read(arg(args, 0), "zset")?.values() ?? [])].filter((score) => inScoreRange(score, min, max)).length;
    },
  },
  zremrangebyscore: {
    arity: 4,
    run(keys, args) {
      const key = arg(args, 0);
      const [min, max] = [scoreBound(arg(args, 1)), scoreBound(arg(args, 2))];
      const zset = keys.read(key, "zset");
      if (!zset) return 0;
      let removed = 0;
      for (const [member, score] of zset) if (inScoreRange(score, min, max) && zset.delete(member)) removed++;
      keys.deleteIfEmpty(key, zset);
      return removed;
    },
  },
};
