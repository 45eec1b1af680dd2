export { loadConfig, parseConfig, REDACTED, type Config, type ConfigIssue, type ConfigResult, type ProviderConfig, type PublicSettingValue } from "./config";
export { LOG_FORMATS, LOG_LEVELS, PROVIDER_NAMES, SECRET_SETTINGS, SETTING_NAMES, type LogFormat, type LogLevel, type ProviderName } from "./schema";
export { oncePerConfig } from "./once-per-config";
