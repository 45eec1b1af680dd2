/**
 * Parsing and formatting shared by the in-process store's commands, mirroring Redis's own
 * helpers (string2ll, strtod-based score parsing, "%.17g" doubles, stringmatchlen globs).
 *
 * The store keeps every key, field and value as a "byte string": one JS char per byte of the
 * UTF-8 encoding (latin1). That keeps lengths, `?` in globs and ordering byte-exact, like Redis.
 */

/** A Redis error reply raised from inside a command; the dispatcher turns it into a RedisErrorReply. */
export class CommandError extends Error {}

export const ERR = {
  syntax: "ERR syntax error",
  notInteger: "ERR value is not an integer or out of range",
  notFloat: "ERR value is not a valid float",
  wrongType: "WRONGTYPE Operation against a key holding the wrong kind of value",
  overflow: "ERR increment or decrement would overflow",
  invalidExpire: (command: string) => `ERR invalid expire time in '${command}' command`,
  arity: (command: string) => `ERR wrong number of arguments for '${command}' command`,
} as const;

export function fail(message: string): never {
  throw new CommandError(message);
}

export const toBytes = (text: string): string => Buffer.from(text, "utf8").toString("latin1");
export const bulk = (bytes: string): Buffer => Buffer.from(bytes, "latin1");
export const fromBytes = (bytes: string): string => Buffer.from(bytes, "latin1").toString("utf8");

export const INT64_MAX = 2n ** 63n - 1n;
export const INT64_MIN = -(2n ** 63n);

/** Redis string2ll: optional '-', no '+', no leading zeros or spaces, within int64. */
export function parseInt64(bytes: string): bigint | undefined {
  if (!/^(0|-?[1-9][0-9]*)$/.test(bytes) || bytes.length > 20) return undefined;
  const value = BigInt(bytes);
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

/** An integer argument, or "ERR value is not an integer or out of range". */
export function intArg(bytes: string): bigint {
  return parseInt64(bytes) ?? fail(ERR.notInteger);
}

/** A small integer argument (counts, offsets) as a JS number. */
export function smallIntArg(bytes: string): number {
  return Number(intArg(bytes));
}

/**
 * Redis getDoubleFromObject (strict, for scores and increments): decimal or exponent notation or
 * inf/infinity; no NaN, no surrounding spaces, and no overflow to infinity or underflow to zero.
 */
export function parseDouble(bytes: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(bytes)) return bytes.startsWith("-") ? -Infinity : Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(bytes)) return undefined;
  const value = Number(bytes);
  if (!Number.isFinite(value)) return undefined;
  if (value === 0 && /[1-9]/.test(bytes.split(/e/i)[0] ?? "")) return undefined;
  return value;
}

/** Redis zslParseRange's bare strtod: like parseDouble, but an empty string is 0 and overflow is ±inf. */
export function parseRangeDouble(bytes: string): number | undefined {
  if (bytes === "") return 0;
  if (/^[+-]?(inf|infinity)$/i.test(bytes)) return bytes.startsWith("-") ? -Infinity : Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(bytes)) return undefined;
  return Number(bytes);
}

/** A double the way Redis 7.0 replies with it (printf "%.17g"; "inf"/"-inf"). */
export function formatDouble(value: number): string {
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const [mantissa = "", exponentText = "0"] = value.toExponential(16).split("e");
  const exponent = Number(exponentText);
  const trim = (digits: string) => (digits.includes(".") ? digits.replace(/0+$/, "").replace(/\.$/, "") : digits);
  if (exponent < -4 || exponent >= 17) {
    const magnitude = String(Math.abs(exponent)).padStart(2, "0");
    return `${trim(mantissa)}e${exponent < 0 ? "-" : "+"}${magnitude}`;
  }
  return trim(value.toFixed(16 - exponent));
}

/** Redis stringmatchlen: glob with `*`, `?`, `[abc]`, `[^a-z]` and `\` escapes, on bytes. */
export function globMatch(pattern: string, text: string): boolean {
  return matchFrom(pattern, 0, text, 0, { skipLongerMatches: false });
}

/** `state.skipLongerMatches` is Redis's pruning: once a `*` tail fails everywhere, earlier `*`s cannot help. */
function matchFrom(pattern: string, p: number, text: string, s: number, state: { skipLongerMatches: boolean }): boolean {
  while (p < pattern.length && s < text.length) {
    const c = pattern[p];
    if (c === "*") {
      while (pattern[p + 1] === "*") p++;
      if (p + 1 === pattern.length) return true;
      for (let i = s; i < text.length; i++) {
        if (matchFrom(pattern, p + 1, text, i, state)) return true;
        if (state.skipLongerMatches) return false;
      }
      state.skipLongerMatches = true;
      return false;
    } else if (c === "?") {
      s++;
    } else if (c === "[") {
      p++;
      const negate = pattern[p] === "^";
      if (negate) p++;
      let matched = false;
      for (;;) {
        if (pattern[p] === "\\" && p + 1 < pattern.length) {
          p++;
          if (pattern[p] === text[s]) matched = true;
        } else if (pattern[p] === "]") {
          break;
        } else if (p >= pattern.length) {
          p--;
          break;
        } else if (p + 2 < pattern.length && pattern[p + 1] === "-") {
          let start = pattern.charCodeAt(p);
          let end = pattern.charCodeAt(p + 2);
          if (start > end) [start, end] = [end, start];
          const code = text.charCodeAt(s);
          p += 2;
          if (code >= start && code <= end) matched = true;
        } else if (pattern[p] === text[s]) {
          matched = true;
        }
        p++;
      }
      if (negate) matched = !matched;
      if (!matched) return false;
      s++;
    } else {
      if (c === "\\" && p + 1 < pattern.length) p++;
      if (pattern[p] !== text[s]) return false;
      s++;
    }
    p++;
    if (s === text.length) while (pattern[p] === "*") p++;
  }
  return p === pattern.length && s === text.length;
}
