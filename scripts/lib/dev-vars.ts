import { existsSync, readFileSync } from "node:fs";

/** Reads a .dev.vars file (dotenv syntax: KEY=value, optional quotes, # comments). Missing file → {}. */
export function readDevVars(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const vars: Record<string, string> = {};
  for (const line of readFileSync(path, "utf8").split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trimStart().startsWith("#")) continue;
    const [, key, rawValue = ""] = match;
    const quoted = /^(['"])(.*)\1$/.exec(rawValue);
    vars[key!] = quoted ? quoted[2]! : rawValue.replace(/\s+#.*$/, "");
  }
  return vars;
}
