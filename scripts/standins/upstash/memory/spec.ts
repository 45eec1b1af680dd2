import type { RedisReply } from "../types";
import type { Keyspace } from "./keyspace";

/** A command's handler gets the keyspace and its arguments (byte strings, without the command name). */
export type Handler = (keys: Keyspace, args: string[]) => RedisReply;

/** Redis arity: the argument count including the command name; negative means "at least". */
export interface CommandSpec {
  arity: number;
  run: Handler;
}

export type CommandTable = Record<string, CommandSpec>;

/** An argument the arity check has already guaranteed. */
export function arg(args: string[], index: number): string {
  const value = args[index];
  if (value === undefined) throw new Error(`internal: argument ${index} missing after the arity check`);
  return value;
}
