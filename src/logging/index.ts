export { Logger, consoleSink, type LogFields, type LoggerOptions, type LogSink } from "./logger";
export { createSecretRedactor, redactValue, type TextRedactor } from "./redact";
