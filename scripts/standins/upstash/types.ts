/** A Redis error reply (`-ERR …`, `-WRONGTYPE …`, `-EXECABORT …`): a value, not an exception. */
export class RedisErrorReply {
  readonly kind = "error";
  constructor(readonly message: string) {}
}

/**
 * A RESP2 reply: a bulk or status string (a Buffer when it came off the wire or holds raw bytes,
 * a JS string for statuses made in-process), an integer, nil, an array, or an error.
 */
export type RedisReply = string | Buffer | number | null | RedisErrorReply | RedisReply[];

/** Something that executes Redis commands: a real server, or the in-process store. */
export interface RedisBackend {
  /** One command; Redis errors come back as RedisErrorReply, transport failures reject. */
  execute(command: string[]): Promise<RedisReply>;
  /**
   * MULTI … EXEC as one contiguous unit. A command refused at queue time (unknown, wrong arity)
   * discards the whole transaction (an EXECABORT error); runtime errors are per-command results.
   */
  transaction(commands: string[][]): Promise<RedisReply[] | RedisErrorReply>;
  close(): Promise<void>;
  describe(): string;
}

export const EXECABORT = "EXECABORT Transaction discarded because of previous errors.";

export function isErrorReply(reply: unknown): reply is RedisErrorReply {
  return reply instanceof RedisErrorReply;
}
