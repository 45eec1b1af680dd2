/** The Neon driver's message when the HTTP request to the database never got an answer. */
const UNREACHABLE = "Error connecting to database";

/** True when an error (or one it wraps, e.g. drizzle's DrizzleQueryError) says the database could not be reached. */
export function isDatabaseUnreachable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (current.message.startsWith(UNREACHABLE)) return true;
    current = current.cause;
  }
  return false;
}
