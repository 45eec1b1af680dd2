import type { z } from "zod";
import { PROVIDER_NAMES, SECRET_SETTINGS, SETTING_NAMES, settingsSchema, type LogFormat, type LogLevel, type ProviderName, type Settings } from "./schema";

export interface ProviderConfig {
  name: ProviderName;
  apiKey: string | undefined;
  model: string;
  temperature: number;
  maxTokens: number;
  timeoutMs: number;
  baseUrl: string | undefined;
}

export interface Config {
  environment: Settings["ENVIRONMENT"];
  log: { level: LogLevel; format: LogFormat };
  ai: { primary: ProviderName; providers: Record<ProviderName, ProviderConfig> };
  breaker: {
    failureThreshold: number;
    resetTimeoutMs: number;
    halfOpenSuccessThreshold: number;
    failureWindowMs: number;
    halfOpenMaxProbes: number;
    probeLeaseMs: number;
    /** How long an isolate trusts its copy of a breaker's state. */
    isolateCacheTtlMs: number;
  };
  cache: {
    enabled: boolean;
    defaultTtlSeconds: number;
    aiResponseTtlSeconds: number;
    personaTtlSeconds: number;
    roomTtlSeconds: number;
    timeoutMs: number;
    namespace: string;
    /** "user": one user's cached answer is never served to another; "global" shares them. */
    aiResponseScope: "user" | "global";
  };
  chat: { deadlineMs: number; historyBudgetChars: number; messageMaxLength: number };
  database: { url: string; httpEndpoint: string | undefined; wsProxy: string | undefined; timeoutMs: number };
  redis: { url: string; token: string };
  auth: {
    jwtSecret: string;
    /** The secret being rotated out: still accepted for verification, never used to sign. */
    previousJwtSecret: string | undefined;
    issuer: string;
    audience: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
  };
  rateLimits: { perIp: number; windowSeconds: number; authPerIp: number; authPerEmail: number; authWindowSeconds: number; aiPerMinute: number; aiPerHour: number };
  http: { corsOrigins: "*" | string[]; bodyLimitBytes: number };
  maintenance: { enabled: boolean; retryAfterSeconds: number };
  retention: { llmCallsDays: number; metricsDays: number };
  backup: {
    keep: { daily: number; weekly: number; monthly: number };
    pageSize: number;
    /** A run still `running` after this long is taken as abandoned (its Worker was stopped). */
    staleAfterSeconds: number;
  };
  /** Every configured secret value, so the logger can scrub them from any text. */
  secretValues: string[];
  /** Every setting's effective value (defaults applied) for operators; a secret shows only whether it is set. */
  publicSettings: Record<string, PublicSettingValue>;
}

export type PublicSettingValue = string | number | boolean | string[] | null;
export const REDACTED = "[redacted]";

/** One invalid setting: the variable's name and a sentence saying what is allowed. */
export interface ConfigIssue {
  variable: string;
  message: string;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; issues: ConfigIssue[] };

const parsedByEnv = new WeakMap<object, ConfigResult>();

/** Parses the Worker's bindings into a typed Config, once per env object (once per isolate in production). */
export function loadConfig(env: object): ConfigResult {
  const cached = parsedByEnv.get(env);
  if (cached) return cached;
  const result = parseConfig(env as Record<string, unknown>);
  parsedByEnv.set(env, result);
  return result;
}

export function parseConfig(raw: Record<string, unknown>): ConfigResult {
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: describeIssues(parsed.error, raw) };
  return { ok: true, config: toConfig(parsed.data) };
}

function describeIssues(error: z.ZodError, raw: Record<string, unknown>): ConfigIssue[] {
  return error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? "configuration");
    const given = raw[variable];
    const missing = given === undefined || String(given).trim() === "";
    if (missing) return { variable, message: `${variable} is required: set it to ${issue.message}` };
    const shown = SECRET_SETTINGS.has(variable) ? "" : ` (got "${String(given).slice(0, 80)}")`;
    return { variable, message: `${variable} must be ${issue.message}${shown}` };
  });
}

function toConfig(settings: Settings): Config {
  const providers = Object.fromEntries(
    PROVIDER_NAMES.map((name) => [name, providerConfig(name, settings)]),
  ) as Record<ProviderName, ProviderConfig>;
  return {
    environment: settings.ENVIRONMENT,
    log: { level: settings.LOG_LEVEL, format: settings.LOG_FORMAT },
    ai: { primary: settings.AI_PROVIDER, providers },
    breaker: {
      failureThreshold: settings.CIRCUIT_BREAKER_FAILURE_THRESHOLD,
      resetTimeoutMs: settings.CIRCUIT_BREAKER_RESET_TIMEOUT,
      halfOpenSuccessThreshold: settings.CIRCUIT_BREAKER_HALF_OPEN_SUCCESS_THRESHOLD,
      failureWindowMs: settings.CIRCUIT_BREAKER_FAILURE_WINDOW,
      halfOpenMaxProbes: settings.CIRCUIT_BREAKER_HALF_OPEN_MAX_PROBES,
      probeLeaseMs: settings.CIRCUIT_BREAKER_PROBE_LEASE,
      isolateCacheTtlMs: settings.CIRCUIT_BREAKER_CACHE_TTL,
    },
    cache: {
      enabled: settings.CACHE_ENABLED,
      defaultTtlSeconds: settings.CACHE_TTL,
      aiResponseTtlSeconds: settings.CACHE_AI_RESPONSE_TTL,
      personaTtlSeconds: settings.CACHE_PERSONA_TTL,
      roomTtlSeconds: settings.CACHE_ROOM_TTL,
      timeoutMs: settings.CACHE_TIMEOUT,
      namespace: settings.CACHE_NAMESPACE,
      aiResponseScope: settings.CACHE_AI_RESPONSE_SCOPE,
    },
    chat: {
      deadlineMs: settings.CHAT_DEADLINE,
      historyBudgetChars: settings.CHAT_HISTORY_BUDGET,
      messageMaxLength: settings.CHAT_MESSAGE_MAX_LENGTH,
    },
    database: {
      url: settings.DATABASE_URL,
      httpEndpoint: settings.DATABASE_HTTP_ENDPOINT,
      wsProxy: settings.DATABASE_WS_PROXY,
      timeoutMs: settings.DATABASE_TIMEOUT,
    },
    redis: { url: settings.UPSTASH_REDIS_REST_URL, token: settings.UPSTASH_REDIS_REST_TOKEN },
    auth: {
      jwtSecret: settings.JWT_SECRET,
      previousJwtSecret: settings.JWT_SECRET_PREVIOUS,
      issuer: settings.JWT_ISSUER,
      audience: settings.JWT_AUDIENCE,
      accessTokenTtlSeconds: settings.ACCESS_TOKEN_TTL,
      refreshTokenTtlSeconds: settings.REFRESH_TOKEN_TTL,
    },
    rateLimits: {
      perIp: settings.RATE_LIMIT_PER_IP,
      windowSeconds: settings.RATE_LIMIT_WINDOW,
      authPerIp: settings.RATE_LIMIT_AUTH_PER_IP,
      authPerEmail: settings.RATE_LIMIT_AUTH_PER_EMAIL,
      authWindowSeconds: settings.RATE_LIMIT_AUTH_WINDOW,
      aiPerMinute: settings.RATE_LIMIT_AI_PER_MINUTE,
      aiPerHour: settings.RATE_LIMIT_AI_PER_HOUR,
    },
    http: { corsOrigins: settings.CORS_ORIGINS, bodyLimitBytes: settings.REQUEST_BODY_LIMIT },
    maintenance: { enabled: settings.MAINTENANCE_MODE, retryAfterSeconds: settings.MAINTENANCE_RETRY_AFTER },
    retention: { llmCallsDays: settings.LLM_CALLS_RETENTION_DAYS, metricsDays: settings.METRICS_RETENTION_DAYS },
    backup: {
      keep: { daily: settings.BACKUP_KEEP_DAILY, weekly: settings.BACKUP_KEEP_WEEKLY, monthly: settings.BACKUP_KEEP_MONTHLY },
      pageSize: settings.BACKUP_PAGE_SIZE,
      staleAfterSeconds: settings.BACKUP_STALE_AFTER,
    },
    secretValues: secretValuesOf(settings),
    publicSettings: publicSettingsOf(settings),
  };
}

function providerConfig(name: ProviderName, settings: Settings): ProviderConfig {
  const prefix = name.toUpperCase() as Uppercase<ProviderName>;
  return {
    name,
    apiKey: settings[`${prefix}_API_KEY`],
    model: settings[`${prefix}_MODEL`],
    temperature: settings[`${prefix}_TEMPERATURE`],
    maxTokens: settings[`${prefix}_MAX_TOKENS`],
    timeoutMs: settings[`${prefix}_TIMEOUT`],
    baseUrl: settings[`${prefix}_BASE_URL`],
  };
}

function publicSettingsOf(settings: Settings): Record<string, PublicSettingValue> {
  return Object.fromEntries(
    SETTING_NAMES.map((name) => {
      const value = settings[name] ?? null;
      return [name, SECRET_SETTINGS.has(name) && value !== null ? REDACTED : value];
    }),
  );
}

function secretValuesOf(settings: Settings): string[] {
  const values: string[] = [];
  for (const name of SECRET_SETTINGS) {
    const value = settings[name as keyof Settings];
    if (typeof value === "string" && value.length >= 4) values.push(value);
  }
  const databasePassword = new URL(settings.DATABASE_URL).password;
  if (databasePassword.length >= 4) values.push(decodeURIComponent(databasePassword));
  return values;
}
