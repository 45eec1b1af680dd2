const REDACTED = "[REDACTED]";

/** Field names whose values are never logged, whatever they hold. */
const SENSITIVE_KEY = /pass(word|wd|phrase)?|secret|token|authorization|api[-_]?key|cookie|credential|private[-_]?key|signature/i;

const VALUE_PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`],
  [/\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, REDACTED],
  [/\bsk-[\w-]{12,}/g, REDACTED],
  [/\b(postgres(?:ql)?|redis|rediss|https?):\/\/([^:@\s/]+):[^@\s/]+@/gi, `$1://$2:${REDACTED}@`],
];

export type TextRedactor = (text: string) => string;

/** Builds a redactor that removes credential-shaped text and the given secret values. */
export function createSecretRedactor(secretValues: readonly string[]): TextRedactor {
  const secrets = [...new Set(secretValues)].filter((value) => value.length >= 4).sort((a, b) => b.length - a.length);
  return (text) => {
    let result = text;
    for (const secret of secrets) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    }
    for (const [pattern, replacement] of VALUE_PATTERNS) result = result.replace(pattern, replacement);
    return result;
  };
}

/** Deep-copies a log field value, replacing sensitive keys and redacting every string. */
export function redactValue(value: unknown, redactText: TextRedactor, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 6) return "[…]";
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redactText, depth + 1));
  if (value instanceof Headers) return redactValue(Object.fromEntries(value), redactText, depth + 1);
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] = SENSITIVE_KEY.test(key) ? REDACTED : redactValue(inner, redactText, depth + 1);
  }
  return copy;
}
