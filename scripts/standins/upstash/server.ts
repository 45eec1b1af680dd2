import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { RedisErrorReply, type RedisBackend, type RedisReply } from "./types";

export interface UpstashStandin {
  /** The REST URL to give @upstash/redis (UPSTASH_REDIS_REST_URL). */
  url: string;
  /** The bearer token it must send (UPSTASH_REDIS_REST_TOKEN). */
  token: string;
  close(): Promise<void>;
}

export interface UpstashStandinOptions {
  backend: RedisBackend;
  token: string;
  /** 0 or absent: any free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
}

type Json = string | number | null | Json[];
type CommandResult = { result: Json } | { error: string };

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Commands that would change or block the stand-in's shared backend connection, so it answers
 * them itself. Real Upstash also refuses MULTI/EXEC/WATCH and friends over HTTP (they are TCP-only).
 */
const UNAVAILABLE = new Set([
  "multi", "exec", "discard", "watch", "unwatch", "select", "swapdb", "auth", "hello", "reset", "quit", "client",
  "subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe", "monitor", "sync", "psync",
  "blpop", "brpop", "brpoplpush", "blmove", "blmpop", "bzpopmin", "bzpopmax", "bzmpop", "wait", "waitaof",
  "shutdown", "replicaof", "slaveof", "failover", "debug",
]);

function unavailable(command: string[]): RedisErrorReply | undefined {
  const name = (command[0] ?? "").toLowerCase();
  const blockingRead = (name === "xread" || name === "xreadgroup") && command.some((arg) => arg.toLowerCase() === "block");
  return UNAVAILABLE.has(name) || blockingRead ? new RedisErrorReply(`ERR Command is not available: '${command[0]}'`) : undefined;
}

/** A JSON command: a non-empty array of strings, numbers or booleans, all sent to Redis as strings. */
function parseCommand(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw new HttpError(400, "ERR a command must be a non-empty JSON array");
  return value.map((arg: unknown) => {
    if (typeof arg === "string") return arg;
    if (typeof arg === "number" || typeof arg === "boolean") return String(arg);
    throw new HttpError(400, "ERR command arguments must be strings, numbers or booleans");
  });
}

function parseCommands(value: unknown): string[][] {
  if (!Array.isArray(value) || value.length === 0) throw new HttpError(400, "ERR expected a non-empty JSON array of commands");
  return value.map(parseCommand);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new HttpError(400, "ERR failed to parse the request body as JSON");
  }
}

/** With `Upstash-Encoding: base64`, every string in a result (bulk or status) is base64 of its bytes. */
function toJson(reply: RedisReply, base64: boolean): Json {
  if (reply === null || typeof reply === "number") return reply;
  if (Array.isArray(reply)) return reply.map((item) => toJson(item, base64));
  if (reply instanceof RedisErrorReply) return toJson(reply.message, base64);
  const bytes = typeof reply === "string" ? Buffer.from(reply, "utf8") : reply;
  return base64 ? bytes.toString("base64") : bytes.toString("utf8");
}

function toResult(reply: RedisReply, base64: boolean): CommandResult {
  return reply instanceof RedisErrorReply ? { error: reply.message } : { result: toJson(reply, base64) };
}

/** Upstash's SCAN … WITHTYPE extension, emulated with a TYPE per key so plain Redis can serve it. */
async function scanWithType(backend: RedisBackend, command: string[]): Promise<RedisReply | undefined> {
  const index = command.findIndex((arg, i) => i >= 2 && arg.toLowerCase() === "withtype" && !/^(match|count|type)$/i.test(command[i - 1] ?? ""));
  if (index < 0) return undefined;
  const reply = await backend.execute(command.filter((_, i) => i !== index));
  if (!Array.isArray(reply) || !Array.isArray(reply[1])) return reply;
  const keys = reply[1];
  const types = await Promise.all(keys.map((key) => backend.execute(["type", Buffer.isBuffer(key) ? key.toString("utf8") : String(key)])));
  return [reply[0] ?? null, keys.flatMap((key, i) => [key, types[i] ?? null])];
}

async function executeOne(backend: RedisBackend, command: string[]): Promise<RedisReply> {
  const refused = unavailable(command);
  if (refused) return refused;
  if ((command[0] ?? "").toLowerCase() === "scan") {
    const withType = await scanWithType(backend, command);
    if (withType !== undefined) return withType;
  }
  return backend.execute(command);
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new HttpError(413, "ERR request body too large"));
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function tokenMatches(expected: string, request: IncomingMessage, url: URL): boolean {
  const header = request.headers.authorization;
  const given = (header ? /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() : undefined) ?? url.searchParams.get("_token") ?? "";
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `GET /set/foo/bar?EX=10`: Upstash's URL form. A POST body becomes the last argument before the query's. */
function commandFromPath(url: URL, body: Buffer): string[] {
  const command = url.pathname.split("/").slice(1).filter((segment) => segment !== "").map((segment) => decodeURIComponent(segment));
  if (body.length > 0) command.push(body.toString("utf8"));
  for (const [name, value] of url.searchParams) {
    if (name === "_token") continue;
    command.push(name);
    if (value !== "") command.push(value);
  }
  return command;
}

/** Returns the HTTP status and JSON body for one authorised request. */
async function handle(backend: RedisBackend, method: string, url: URL, body: Buffer, base64: boolean): Promise<[number, unknown]> {
  const isJsonPost = method === "POST" || method === "PUT";
  if (url.pathname === "/pipeline" && isJsonPost) {
    const commands = parseCommands(parseJson(body));
    const replies = await Promise.all(commands.map((command) => executeOne(backend, command)));
    return [200, replies.map((reply) => toResult(reply, base64))];
  }
  if (url.pathname === "/multi-exec" && isJsonPost) {
    const commands = parseCommands(parseJson(body));
    const refused = commands.map(unavailable).find((reply) => reply !== undefined);
    const replies = refused ?? (await backend.transaction(commands));
    if (replies instanceof RedisErrorReply) return [400, { error: replies.message }];
    return [200, replies.map((reply) => toResult(reply, base64))];
  }
  if (url.pathname.startsWith("/subscribe/") || url.pathname.startsWith("/psubscribe/")) {
    throw new HttpError(400, "ERR subscriptions are not supported by the Upstash stand-in");
  }
  const command = url.pathname === "/" && isJsonPost ? parseCommand(parseJson(body)) : commandFromPath(url, body);
  if (command.length === 0) throw new HttpError(400, "ERR empty command");
  const result = toResult(await executeOne(backend, command), base64);
  return ["error" in result ? 400 : 200, result];
}

/**
 * A local stand-in for the Upstash Redis REST API, as @upstash/redis speaks it:
 * `POST /` one JSON command, `POST /pipeline` and `POST /multi-exec` arrays of them,
 * `Authorization: Bearer <token>`, and `Upstash-Encoding: base64` results.
 */
export async function startUpstashStandin(options: UpstashStandinOptions): Promise<UpstashStandin> {
  const { backend, token } = options;
  const host = options.host ?? "127.0.0.1";
  let syncToken = 0;

  const respond = (response: ServerResponse, method: string, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      // Read-your-writes: the client echoes this back; a plain counter is enough for one node.
      "upstash-sync-token": String(++syncToken),
    });
    response.end(method === "HEAD" ? undefined : text);
  };

  const server = createServer((request, response) => {
    const method = request.method ?? "GET";
    const url = new URL(request.url ?? "/", "http://standin.invalid");
    void (async () => {
      try {
        if (!["GET", "HEAD", "POST", "PUT"].includes(method)) throw new HttpError(405, "ERR method not allowed");
        const body = await readBody(request);
        if (!tokenMatches(token, request, url)) throw new HttpError(401, "WRONGPASS invalid or missing auth token");
        const base64 = String(request.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
        const [status, payload] = await handle(backend, method, url, body, base64);
        respond(response, method, status, payload);
      } catch (error) {
        if (error instanceof HttpError) respond(response, method, error.status, { error: error.message });
        else respond(response, method, 500, { error: `ERR stand-in backend failure: ${error instanceof Error ? error.message : String(error)}` });
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    token,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
