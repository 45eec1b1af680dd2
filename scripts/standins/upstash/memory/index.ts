import { EXECABORT, RedisErrorReply, type RedisBackend, type RedisReply } from "../types";
import { hashCommands } from "./hashes";
import { Keyspace } from "./keyspace";
import { keyCommands } from "./keys";
import type { CommandSpec } from "./spec";
import { stringCommands } from "./strings";
import { CommandError, ERR, fromBytes, toBytes } from "./values";
import { zsetCommands } from "./zsets";

const COMMANDS = new Map<string, CommandSpec>(Object.entries({ ...stringCommands, ...keyCommands, ...hashCommands, ...zsetCommands }));

/** Redis replaces CR and LF in error messages with spaces so they stay one RESP line. */
const errorReply = (bytes: string) => new RedisErrorReply(fromBytes(bytes).replace(/[\r\n]/g, " "));

/** Redis's "unknown command" text: the name and up to ~128 bytes of the arguments, each quoted. */
function unknownCommand(name: string, args: string[]): RedisErrorReply {
  let shown = "";
  for (const arg of args) {
    if (shown.length >= 128) break;
    shown += `'${arg.slice(0, 128 - shown.length)}' `;
  }
  return errorReply(`ERR unknown command '${name.slice(0, 128)}', with args beginning with: ${shown}`);
}

interface Prepared {
  spec: CommandSpec;
  args: string[];
}

/** The checks Redis makes before running (or queueing) a command: does it exist, is the arity right. */
function prepare(command: string[]): Prepared | RedisErrorReply {
  const [name, ...args] = command.map(toBytes);
  if (name === undefined) return errorReply("ERR empty command");
  const lower = name.toLowerCase();
  const spec = COMMANDS.get(lower);
  if (!spec) return unknownCommand(name, args);
  const count = args.length + 1;
  if ((spec.arity > 0 && count !== spec.arity) || count < -spec.arity) return errorReply(ERR.arity(lower));
  return { spec, args };
}

function run(keys: Keyspace, { spec, args }: Prepared): RedisReply {
  try {
    return spec.run(keys, args);
  } catch (error) {
    if (error instanceof CommandError) return errorReply(error.message);
    throw error;
  }
}

/**
 * Redis in-process: strings, hashes, sorted sets, key expiry and SCAN, with Redis's replies and
 * error texts. Every command runs synchronously, so a transaction is atomic by construction.
 * `clock` (milliseconds since the epoch) drives expiry and TIME; tests can move it.
 */
export function createMemoryRedis(options: { clock?: () => number } = {}): RedisBackend {
  const keys = new Keyspace(options.clock ?? Date.now);
  return {
    async execute(command) {
      const prepared = prepare(command);
      return prepared instanceof RedisErrorReply ? prepared : run(keys, prepared);
    },
    async transaction(commands) {
      // Like MULTI's queueing: one unknown or wrong-arity command discards the whole transaction.
      const queued: Prepared[] = [];
      for (const command of commands) {
        const prepared = prepare(command);
        if (prepared instanceof RedisErrorReply) return new RedisErrorReply(EXECABORT);
        queued.push(prepared);
      }
      return queued.map((entry) => run(keys, entry));
    },
    async close() {
      keys.flush();
    },
    describe() {
      return `in-process Redis (${COMMANDS.size} commands, data lost on exit)`;
    },
  };
}
