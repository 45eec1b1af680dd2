import type { AccessClaims } from "../auth/tokens";
import type { ConfigResult } from "../config";
import type { Logger } from "../logging";
import type { Services } from "../services";

/** The one Hono environment type: bindings from `wrangler types`, per-request variables. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    configResult: ConfigResult;
    logger: Logger;
    /** Absent only when the configuration is invalid, which only /api/health tolerates. */
    services: Services;
    /** The verified access token's claims, set by requireAuth. */
    auth: AccessClaims;
  };
}
