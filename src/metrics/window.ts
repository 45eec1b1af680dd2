import { z } from "@hono/zod-openapi";

const WINDOW_UNITS: Record<string, number> = { m: 60, h: 3600, d: 86_400 };
const MIN_WINDOW_SECONDS = 5 * 60;
const MAX_WINDOW_SECONDS = 30 * 86_400;

/** Parses `5m` … `30d` into seconds; undefined when malformed or out of range. */
function parseWindow(text: string): number | undefined {
  const match = /^(\d{1,5})([mhd])$/.exec(text);
  if (!match) return undefined;
  const seconds = Number(match[1]) * WINDOW_UNITS[match[2]!]!;
  return seconds >= MIN_WINDOW_SECONDS && seconds <= MAX_WINDOW_SECONDS ? seconds : undefined;
}

/** `?window=1h`: how far back a metrics report looks, parsed into seconds. */
export const metricsWindow = z
  .string()
  .default("1h")
  .transform((value, context) => {
    const seconds = parseWindow(value);
    if (seconds === undefined) {
      context.addIssue({ code: "custom", message: "must be a duration from 5m to 30d, such as 15m, 1h or 7d" });
      return z.NEVER;
    }
    return seconds;
  })
  .openapi({ type: "string", example: "1h", description: "How far back to look: 5m to 30d" });
