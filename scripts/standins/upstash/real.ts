// Default import only: under Vite's module runner (vitest global setup) ioredis's named exports come
// through as undefined, while the default export (the Redis class, carrying .Command) works everywhere.
import Redis, { type Pipeline } from "ioredis";
import { EXECABORT, RedisErrorReply, type RedisBackend, type RedisReply } from "./types";

/** ioredis reports Redis error replies as ReplyError; anything else (connection loss, timeouts) is a transport failure. */
function isReplyError(error: unknown): error is Error {
  return error instanceof Error && error.name === "ReplyError";
}

/** ioredis replies to raw commands (Buffers for bulk and status strings alike) as RedisReply. */
function toReply(value: unknown): RedisReply {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value) || typeof value === "string" || typeof value === "number") return value;
  if (Array.isArray(value)) return value.map(toReply);
  if (value instanceof Error) return new RedisErrorReply(value.message);
  throw new TypeError(`unexpected reply from ioredis: ${Object.prototype.toString.call(value)}`);
}

/**
 * A command whose reply ioredis hands over untouched: Buffers for every string, and none of its
 * per-command reply transformers (HGETALL would otherwise become an object, reordering numeric fields).
 */
class RawCommand extends Redis.Command {
  override transformReply(result: Buffer | Buffer[]): Buffer | Buffer[] {
    return result;
  }
}

function rawCommand(command: string[]): RawCommand {
  const [name, ...args] = command;
  if (name === undefined) throw new TypeError("empty command");
  return new RawCommand(name, args, { replyEncoding: null });
}

function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable redis url)";
  }
}

/**
 * A real Redis over one ioredis connection. Commands go out in the order they are issued; a
 * transaction is written as one MULTI … EXEC block (ioredis buffers a multi() and sends it
 * whole), so no other command on the connection can land in between.
 */
export function connectRealRedis(url: string): RedisBackend {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, connectionName: "upstash-standin", lazyConnect: false });
  let lastConnectionError: string | undefined;
  redis.on("error", (error: Error) => {
    lastConnectionError = error.message;
  });
  redis.on("ready", () => {
    lastConnectionError = undefined;
  });

  return {
    async execute(command) {
      const raw = rawCommand(command);
      try {
        await redis.sendCommand(raw);
        return toReply(await raw.promise);
      } catch (error) {
        if (isReplyError(error)) return new RedisErrorReply(error.message);
        throw error;
      }
    },

    async transaction(commands) {
      // multi() hands back the Pipeline it queues into; typed as ChainableCommander, which hides sendCommand.
      const multi = redis.multi() as unknown as Pipeline;
      for (const command of commands) multi.sendCommand(rawCommand(command));
      let results: [Error | null, unknown][] | null;
      try {
        results = await multi.exec();
      } catch (error) {
        // A command refused at queue time makes EXEC answer EXECABORT; ioredis rejects with it.
        if (isReplyError(error)) return new RedisErrorReply(error.message.startsWith("EXECABORT") ? EXECABORT : error.message);
        throw error;
      }
      // Only WATCH makes EXEC answer nil, and the stand-in never sends WATCH.
      if (results === null) return new RedisErrorReply(EXECABORT);
      return results.map(([error, value]) => (error ? new RedisErrorReply(error.message) : toReply(value)));
    },

    async close() {
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },

    describe() {
      const state = lastConnectionError ? `, last error: ${lastConnectionError}` : "";
      return `Redis at ${redactedUrl(url)} (ioredis${state})`;
    },
  };
}
