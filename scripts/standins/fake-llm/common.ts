import { createHash, randomBytes } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";

export type Provider = "openai" | "anthropic";
export const PROVIDERS: readonly Provider[] = ["openai", "anthropic"];

/** One server-sent event; `data` is already serialised so faults can mangle it. */
export interface SseEvent {
  event?: string;
  data: string;
}

/** A streamed answer: `content` holds the events that carry text, the ones cut_stream counts. */
export interface StreamPlan {
  head: SseEvent[];
  content: SseEvent[];
  tail: SseEvent[];
}

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** What differs between the fake providers; the request pipeline and the faults are shared. */
export interface ProviderAdapter<R> {
  readonly provider: Provider;
  readonly requestIdHeader: string;
  readonly missingKeyMessage: string;
  apiKeyOf(headers: IncomingHttpHeaders): string | undefined;
  parseRequest(body: unknown): Checked<R>;
  isStream(request: R): boolean;
  completion(request: R): unknown;
  streamPlan(request: R): StreamPlan;
  errorBody(status: number, message?: string): unknown;
  rateLimitHeaders(retryAfterSeconds: number): Record<string, string>;
}

export interface ChatTurn {
  role: string;
  content: unknown;
}

interface Answer {
  text: string;
  /** The text in pieces of a few words, as a stream delivers it. */
  pieces: string[];
  /** True when max tokens cut the answer short. */
  truncated: boolean;
  promptTokens: number;
  completionTokens: number;
}

const WORDS_PER_PIECE = 3;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isPositiveInteger(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) > 0;
}

/** Each word with the whitespace after it, so the pieces concatenate back to the text; a word counts as one token. */
function words(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [];
}

/** The plain text of a message's content: a string, or the text parts of a content array. */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .filter((part): part is { text: string } => isRecord(part) && part.type === "text" && typeof part.text === "string")
    .map((part) => part.text)
    .join("\n");
}

export function parseTurns(value: unknown): ChatTurn[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const turns: ChatTurn[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.role !== "string") return undefined;
    turns.push({ role: item.role, content: item.content });
  }
  return turns;
}

/**
 * The deterministic answer: echoes the last user message, plus a short digest of the whole
 * conversation so that prompts differing anywhere (system prompt included) get different answers.
 */
export function composeAnswer(input: { provider: Provider; model: string; system?: unknown; messages: ChatTurn[]; maxTokens?: number }): Answer {
  const lastUser = input.messages.findLast((turn) => turn.role === "user");
  const said = textOf(lastUser?.content).slice(0, 200);
  const digest = createHash("sha256").update(JSON.stringify([input.system ?? null, input.messages])).digest("hex").slice(0, 8);
  const all = words(`[${input.provider}:${input.model}] You said: ${said} (ref ${digest})`);
  const kept = all.slice(0, input.maxTokens ?? all.length);
  const text = kept.join("").trimEnd();
  const textWords = words(text);
  const pieces: string[] = [];
  for (let i = 0; i < textWords.length; i += WORDS_PER_PIECE) pieces.push(textWords.slice(i, i + WORDS_PER_PIECE).join(""));
  const prompt = [textOf(input.system), ...input.messages.map((turn) => textOf(turn.content))].join(" ");
  return {
    text,
    pieces,
    truncated: kept.length < all.length,
    promptTokens: Math.max(1, words(prompt).length),
    completionTokens: textWords.length,
  };
}

export function randomId(prefix: string): string {
  return prefix + randomBytes(12).toString("hex");
}

export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function parseJson(text: string): Checked<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: "body is not valid JSON" };
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export function formatSse(event: SseEvent): string {
  return `${event.event === undefined ? "" : `event: ${event.event}\n`}data: ${event.data}\n\n`;
}

export const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" };

/** Resolves once the bytes are handed to the socket; false when the client has gone. */
function write(res: ServerResponse, text: string): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => res.write(text, (error) => resolve(!error)));
}

/** Streams the plan; with `cutAfterChunks`, sends that many content events and then drops the connection. */
export async function streamSse(res: ServerResponse, plan: StreamPlan, cutAfterChunks?: number): Promise<void> {
  res.writeHead(200, SSE_HEADERS);
  const content = cutAfterChunks === undefined ? plan.content : plan.content.slice(0, cutAfterChunks);
  for (const event of [...plan.head, ...content]) {
    if (!(await write(res, formatSse(event)))) return;
  }
  if (cutAfterChunks !== undefined) {
    // Closing without the terminating zero-length chunk makes the body end prematurely for the client.
    res.socket?.destroy();
    return;
  }
  for (const event of plan.tail) {
    if (!(await write(res, formatSse(event)))) return;
  }
  res.end();
}

/** Waits `ms`, or less if the client goes away first; true when the response can still be sent. */
export function waitWhileOpen(res: ServerResponse, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off("close", onClose);
      resolve(true);
    }, ms);
    res.once("close", onClose);
  });
}
