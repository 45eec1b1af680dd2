import packageJson from "../package.json";

export interface BuildInfo {
  version: string;
  commit: string;
  builtAt: string | null;
  compatibilityDate: string | null;
}

/** Replaced at build time by scripts/lib/build-info.ts (`wrangler --define`, vitest `define`). */
declare const __NUMIRA_BUILD__: { commit: string; builtAt: string; compatibilityDate: string };

const injected = typeof __NUMIRA_BUILD__ === "undefined" ? undefined : __NUMIRA_BUILD__;

export const APP_VERSION: string = packageJson.version;

/** A build without injection (a bare `wrangler dev`) says so rather than guessing. */
export const BUILD_INFO: BuildInfo = {
  version: APP_VERSION,
  commit: injected?.commit ?? "unknown",
  builtAt: injected?.builtAt ?? null,
  compatibilityDate: injected?.compatibilityDate ?? null,
};
