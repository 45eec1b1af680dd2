import type { LogFormat, LogLevel } from "../config";
import { LOG_LEVELS } from "../config";
import { createSecretRedactor, redactValue, type TextRedactor } from "./redact";

export type LogFields = Record<string, unknown>;

/** Where finished log lines go. Workers Logs and `wrangler tail` pick up console output. */
export type LogSink = (level: LogLevel, line: string) => void;

export const consoleSink: LogSink = (level, line) => {
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
};

export interface LoggerOptions {
  level: LogLevel;
  format: LogFormat;
  secretValues?: readonly string[];
  sink?: LogSink;
  requestId?: string;
}

const SEVERITY: Record<LogLevel, number> = Object.fromEntries(LOG_LEVELS.map((level, index) => [level, index])) as Record<LogLevel, number>;

/** Levelled, structured logger (npm levels: error … silly) that never lets a secret through. */
export class Logger {
  private readonly threshold: number;
  private readonly redactText: TextRedactor;
  private readonly sink: LogSink;

  constructor(private readonly options: LoggerOptions, redactText?: TextRedactor) {
    this.threshold = SEVERITY[options.level];
    this.redactText = redactText ?? createSecretRedactor(options.secretValues ?? []);
    this.sink = options.sink ?? consoleSink;
  }

  /** The same logger, stamping every line with a request id. */
  forRequest(requestId: string): Logger {
    return new Logger({ ...this.options, requestId }, this.redactText);
  }

  isEnabled(level: LogLevel): boolean {
    return SEVERITY[level] <= this.threshold;
  }

  error(msg: string, fields?: LogFields): void {
    this.log("error", msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.log("warn", msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.log("info", msg, fields);
  }
  http(msg: string, fields?: LogFields): void {
    this.log("http", msg, fields);
  }
  verbose(msg: string, fields?: LogFields): void {
    this.log("verbose", msg, fields);
  }
  debug(msg: string, fields?: LogFields): void {
    this.log("debug", msg, fields);
  }
  silly(msg: string, fields?: LogFields): void {
    this.log("silly", msg, fields);
  }

  log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (!this.isEnabled(level)) return;
    const safeMsg = this.redactText(msg);
    const safeFields = fields ? (redactValue(fields, this.redactText) as LogFields) : undefined;
    const time = new Date().toISOString();
    this.sink(level, this.options.format === "json" ? this.jsonLine(time, level, safeMsg, safeFields) : this.simpleLine(time, level, safeMsg, safeFields));
  }

  private jsonLine(time: string, level: LogLevel, msg: string, fields: LogFields | undefined): string {
    return JSON.stringify({ time, level, msg, requestId: this.options.requestId, ...(fields ? { fields } : {}) });
  }

  private simpleLine(time: string, level: LogLevel, msg: string, fields: LogFields | undefined): string {
    const request = this.options.requestId ? ` [${this.options.requestId}]` : "";
    const pairs = fields ? Object.entries(fields).map(([key, value]) => ` ${key}=${typeof value === "string" ? value : JSON.stringify(value)}`).join("") : "";
    return `${time} ${level.toUpperCase()}${request} ${msg}${pairs}`;
  }
}
