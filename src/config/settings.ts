import { z } from "zod";

/**
 * Builders for environment settings. Every builder turns a raw binding (string, or the
 * number / boolean wrangler.toml may hold) into a typed value, and describes what is
 * allowed in words, so an invalid value produces a message an operator can act on.
 */

const blankToUndefined = (value: unknown): unknown => {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === "" ? undefined : text;
};

export function integerSetting(defaultValue: number, min: number, max: number, unit?: string) {
  const expected = `a whole number from ${min} to ${max}${unit ? ` (${unit})` : ""}`;
  return z.preprocess(
    (value) => {
      const text = blankToUndefined(value);
      return text === undefined ? undefined : Number(text);
    },
    z.number({ error: expected }).int({ error: expected }).min(min, { error: expected }).max(max, { error: expected }).default(defaultValue),
  );
}

export function decimalSetting(defaultValue: number, min: number, max: number) {
  const expected = `a number from ${min} to ${max}`;
  return z.preprocess(
    (value) => {
      const text = blankToUndefined(value);
      return text === undefined ? undefined : Number(text);
    },
    z.number({ error: expected }).min(min, { error: expected }).max(max, { error: expected }).default(defaultValue),
  );
}

export function choiceSetting<const T extends readonly [string, ...string[]]>(choices: T, defaultValue: T[number]) {
  const expected = `one of ${choices.join(", ")}`;
  return z.preprocess(
    (value) => (blankToUndefined(value) as string | undefined)?.toLowerCase(),
    z.enum(choices, { error: expected }).default(defaultValue as never),
  ) as unknown as z.ZodType<T[number], unknown>;
}

const TRUE_WORDS = new Set(["true", "1", "yes", "on"]);
const FALSE_WORDS = new Set(["false", "0", "no", "off"]);

export function booleanSetting(defaultValue: boolean) {
  const expected = "true or false";
  return z.preprocess(
    (value) => {
      const text = (blankToUndefined(value) as string | undefined)?.toLowerCase();
      if (text === undefined) return undefined;
      if (TRUE_WORDS.has(text)) return true;
      if (FALSE_WORDS.has(text)) return false;
      return text;
    },
    z.boolean({ error: expected }).default(defaultValue),
  );
}

export function textSetting(defaultValue: string, maxLength = 200) {
  const expected = `text of at most ${maxLength} characters`;
  return z.preprocess(blankToUndefined, z.string({ error: expected }).max(maxLength, { error: expected }).default(defaultValue));
}

/** A key-like name: letters, digits, dot, dash, underscore. */
export function identifierSetting(defaultValue: string) {
  const expected = "1 to 64 letters, digits, '.', '-' or '_'";
  return z.preprocess(blankToUndefined, z.string({ error: expected }).regex(/^[A-Za-z0-9._-]{1,64}$/, { error: expected }).default(defaultValue));
}

export function optionalSecret(minLength = 1) {
  const expected = `a secret of at least ${minLength} characters`;
  return z.preprocess(blankToUndefined, z.string({ error: expected }).min(minLength, { error: expected }).optional());
}

export function requiredSecret(minLength: number, description: string) {
  const expected = `${description} of at least ${minLength} characters`;
  return z.preprocess(blankToUndefined, z.string({ error: expected }).min(minLength, { error: expected }));
}

export function httpUrlSetting() {
  const expected = "an http:// or https:// URL";
  return z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: expected }));
}

export function optionalHttpUrlSetting() {
  const expected = "an http:// or https:// URL";
  return z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: expected }).optional());
}

export function postgresUrlSetting() {
  const expected = "a postgres:// or postgresql:// connection string with user, password, host and database";
  return z.preprocess(
    blankToUndefined,
    z.string({ error: expected }).refine((value) => {
      try {
        const url = new URL(value);
        return /^postgres(ql)?:$/.test(url.protocol) && url.username !== "" && url.password !== "" && url.hostname !== "" && url.pathname.length > 1;
      } catch {
        return false;
      }
    }, { error: expected }),
  );
}

/** Comma-separated origins, or "*" for any origin. */
export function originListSetting(defaultValue: string) {
  const expected = `"*" or a comma-separated list of origins such as https://app.numira.app`;
  return z.preprocess(
    (value) => blankToUndefined(value) ?? defaultValue,
    z.string().transform((text, ctx) => {
      if (text === "*") return "*" as const;
      const origins = text.split(",").map((part) => part.trim()).filter((part) => part !== "");
      for (const origin of origins) {
        if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
          ctx.addIssue({ code: "custom", message: expected });
          return z.NEVER;
        }
      }
      return origins;
    }),
  );
}

/** host:port/path of a WebSocket proxy (local stand-in for Neon's WebSocket endpoint). */
export function optionalWsProxySetting() {
  const expected = "host:port/path of a WebSocket proxy, such as 127.0.0.1:4444/v1";
  return z.preprocess(blankToUndefined, z.string({ error: expected }).regex(/^[\w.-]+:\d+(\/[\w./-]*)?$/, { error: expected }).optional());
}
