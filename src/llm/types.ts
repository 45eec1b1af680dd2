import type { ProviderName } from "../config";

export interface ChatTurn {
  role: "user" | "assistant";
  content: string;
}

/** What every provider is asked: a system prompt and the conversation, newest turn last. */
export interface CompletionRequest {
  system: string;
  turns: ChatTurn[];
}

export interface Usage {
  tokensIn: number;
  tokensOut: number;
}

export interface Completion {
  text: string;
  model: string;
  usage: Usage;
}

export interface CallOptions {
  signal: AbortSignal;
  timeoutMs: number;
}

/** A text stream; `usage` resolves once the stream has ended. */
export interface CompletionStream {
  chunks: AsyncIterable<string>;
  usage: () => Usage;
}

/** One LLM provider behind the official SDK. Adding a provider means one adapter implementing this. */
export interface LlmProvider {
  readonly name: ProviderName;
  readonly model: string;
  /** OPENAI_TIMEOUT / ANTHROPIC_TIMEOUT: the most one attempt may take. */
  readonly timeoutMs: number;
  complete(request: CompletionRequest, options: CallOptions): Promise<Completion>;
  stream(request: CompletionRequest, options: CallOptions): Promise<CompletionStream>;
}
