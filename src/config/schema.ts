import { z } from "zod";
import {
  booleanSetting,
  choiceSetting,
  decimalSetting,
  httpUrlSetting,
  identifierSetting,
  integerSetting,
  optionalHttpUrlSetting,
  optionalSecret,
  optionalWsProxySetting,
  originListSetting,
  postgresUrlSetting,
  requiredSecret,
  textSetting,
} from "./settings";

export const PROVIDER_NAMES = ["openai", "anthropic"] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export const LOG_LEVELS = ["error", "warn", "info", "http", "verbose", "debug", "silly"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ["json", "simple"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export const ENVIRONMENTS = ["development", "staging", "production"] as const;

interface ProviderDefaults {
  model: string;
  maxTemperature: number;
}

/** The six settings every LLM provider has, plus a base-URL override, all under one prefix. */
function providerSettings<const P extends string>(prefix: P, defaults: ProviderDefaults) {
  return {
    [`${prefix}_API_KEY`]: optionalSecret(),
    [`${prefix}_MODEL`]: textSetting(defaults.model, 100),
    [`${prefix}_TEMPERATURE`]: decimalSetting(0.7, 0, defaults.maxTemperature),
    [`${prefix}_MAX_TOKENS`]: integerSetting(1000, 1, 200_000),
    [`${prefix}_TIMEOUT`]: integerSetting(30_000, 100, 600_000, "milliseconds"),
    [`${prefix}_BASE_URL`]: optionalHttpUrlSetting(),
  } as {
    [K in `${P}_API_KEY`]: ReturnType<typeof optionalSecret>;
  } & {
    [K in `${P}_MODEL`]: ReturnType<typeof textSetting>;
  } & {
    [K in `${P}_TEMPERATURE`]: ReturnType<typeof decimalSetting>;
  } & {
    [K in `${P}_MAX_TOKENS` | `${P}_TIMEOUT`]: ReturnType<typeof integerSetting>;
  } & {
    [K in `${P}_BASE_URL`]: ReturnType<typeof optionalHttpUrlSetting>;
  };
}

/** Every environment setting, by its variable name. Defaults follow the maintenance guide. */
export const settingsSchema = z.object({
  ENVIRONMENT: choiceSetting(ENVIRONMENTS, "development"),

  LOG_LEVEL: choiceSetting(LOG_LEVELS, "info"),
  LOG_FORMAT: choiceSetting(LOG_FORMATS, "json"),

  AI_PROVIDER: choiceSetting(PROVIDER_NAMES, "openai"),
  ...providerSettings("OPENAI", { model: "gpt-4", maxTemperature: 2 }),
  ...providerSettings("ANTHROPIC", { model: "claude-2", maxTemperature: 1 }),

  CIRCUIT_BREAKER_FAILURE_THRESHOLD: integerSetting(5, 1, 1000),
  CIRCUIT_BREAKER_RESET_TIMEOUT: integerSetting(30_000, 100, 86_400_000, "milliseconds"),
  CIRCUIT_BREAKER_HALF_OPEN_SUCCESS_THRESHOLD: integerSetting(2, 1, 100),
  CIRCUIT_BREAKER_FAILURE_WINDOW: integerSetting(60_000, 1000, 86_400_000, "milliseconds"),
  CIRCUIT_BREAKER_HALF_OPEN_MAX_PROBES: integerSetting(2, 1, 100),
  CIRCUIT_BREAKER_PROBE_LEASE: integerSetting(60_000, 100, 600_000, "milliseconds"),
  CIRCUIT_BREAKER_CACHE_TTL: integerSetting(1000, 0, 60_000, "milliseconds"),

  CACHE_ENABLED: booleanSetting(true),
  CACHE_TTL: integerSetting(3600, 1, 31_536_000, "seconds"),
  CACHE_AI_RESPONSE_TTL: integerSetting(86_400, 1, 31_536_000, "seconds"),
  CACHE_PERSONA_TTL: integerSetting(3600, 1, 31_536_000, "seconds"),
  CACHE_ROOM_TTL: integerSetting(3600, 1, 31_536_000, "seconds"),
  CACHE_TIMEOUT: integerSetting(500, 10, 10_000, "milliseconds"),
  CACHE_NAMESPACE: identifierSetting("numira"),
  CACHE_AI_RESPONSE_SCOPE: choiceSetting(["user", "global"] as const, "user"),

  CHAT_DEADLINE: integerSetting(45_000, 1000, 300_000, "milliseconds"),
  CHAT_HISTORY_BUDGET: integerSetting(12_000, 500, 400_000, "characters"),
  CHAT_MESSAGE_MAX_LENGTH: integerSetting(4000, 100, 100_000, "characters"),

  DATABASE_URL: postgresUrlSetting(),
  DATABASE_HTTP_ENDPOINT: optionalHttpUrlSetting(),
  DATABASE_WS_PROXY: optionalWsProxySetting(),
  DATABASE_TIMEOUT: integerSetting(5000, 100, 60_000, "milliseconds"),

  UPSTASH_REDIS_REST_URL: httpUrlSetting(),
  UPSTASH_REDIS_REST_TOKEN: requiredSecret(1, "the REST token"),

  JWT_SECRET: requiredSecret(32, "a random string"),
  JWT_SECRET_PREVIOUS: optionalSecret(32),
  JWT_ISSUER: textSetting("numira-api", 100),
  JWT_AUDIENCE: textSetting("numira-app", 100),
  ACCESS_TOKEN_TTL: integerSetting(900, 60, 86_400, "seconds"),
  REFRESH_TOKEN_TTL: integerSetting(2_592_000, 3600, 31_536_000, "seconds"),

  RATE_LIMIT_PER_IP: integerSetting(300, 1, 1_000_000),
  RATE_LIMIT_WINDOW: integerSetting(60, 1, 86_400, "seconds"),
  RATE_LIMIT_AUTH_PER_IP: integerSetting(20, 1, 100_000),
  RATE_LIMIT_AUTH_PER_EMAIL: integerSetting(5, 1, 100_000),
  RATE_LIMIT_AUTH_WINDOW: integerSetting(60, 1, 86_400, "seconds"),
  RATE_LIMIT_AI_PER_MINUTE: integerSetting(10, 1, 100_000),
  RATE_LIMIT_AI_PER_HOUR: integerSetting(100, 1, 1_000_000),

  LLM_CALLS_RETENTION_DAYS: integerSetting(90, 1, 3650, "days"),
  METRICS_RETENTION_DAYS: integerSetting(30, 1, 3650, "days"),

  BACKUP_KEEP_DAILY: integerSetting(7, 1, 366),
  BACKUP_KEEP_WEEKLY: integerSetting(4, 0, 520),
  BACKUP_KEEP_MONTHLY: integerSetting(12, 0, 1200),
  BACKUP_PAGE_SIZE: integerSetting(500, 10, 10_000, "rows"),
  BACKUP_STALE_AFTER: integerSetting(3600, 60, 86_400, "seconds"),

  MAINTENANCE_MODE: booleanSetting(false),
  MAINTENANCE_RETRY_AFTER: integerSetting(300, 1, 86_400, "seconds"),

  CORS_ORIGINS: originListSetting("*"),
  REQUEST_BODY_LIMIT: integerSetting(65_536, 1024, 10_485_760, "bytes"),
});

export type Settings = z.output<typeof settingsSchema>;
export const SETTING_NAMES = Object.keys(settingsSchema.shape) as (keyof Settings)[];

/** Settings whose values must never appear in a message, a log line or a response. */
export const SECRET_SETTINGS: ReadonlySet<string> = new Set([
  "OPENAI_API_KEY",
  "ANTHROPIC_API_KEY",
  "DATABASE_URL",
  "UPSTASH_REDIS_REST_TOKEN",
  "JWT_SECRET",
  "JWT_SECRET_PREVIOUS",
]);
