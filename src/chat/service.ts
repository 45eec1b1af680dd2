import type { Cache } from "../cache";
import type { CatalogService, PersonaView, RoomView } from "../catalog";
import type { Config } from "../config";
import { requireOwnedConversation } from "../conversations";
import type { Database } from "../db";
import { DISCLAIMER } from "../disclaimer";
import { AppError } from "../http/errors";
import { journalInsert } from "../journals";
import { AllProvidersFailed, classifyProviderError, completeWithFailover, RequestRejected, streamWithFailover, type AttemptRecord, type CompletionRequest, type LlmProvider, type ProviderGate, type StartedStream } from "../llm";
import type { Logger } from "../logging";
import { crisisReply, detectCrisis, redactPiiText, type CrisisCategory } from "../safety";
import { aiResponseCacheKey, type CachedAnswer } from "./cache-key";
import { llmCallsInsert, loadHistory, markUserMessageFailed, recordLlmCalls, storeExchange, storeReply, storeUserMessage, type AssistantReply, type AttemptContext, type StoredExchange, type UserMessage } from "./conversation-store";
import { buildCompletionRequest } from "./prompt";

export interface ChatInput {
  personaId: string;
  roomId: string;
  message: string;
  conversationId?: string;
  saveToJournal?: boolean;
}

export interface ChatDependencies {
  db: Database;
  cache: Cache;
  catalog: CatalogService;
  config: Config;
  logger: Logger;
  defer: (work: Promise<unknown>) => void;
  /** In failover order: AI_PROVIDER first. */
  providers: LlmProvider[];
  /** The circuit breakers, consulted before every provider call. */
  gate: ProviderGate;
}

/** A stream that has produced its first token, and what is needed to finish it. */
export interface OpenStream {
  started: StartedStream;
  startedAtMs: number;
}

/** Everything known about a chat exchange before anything is written. */
export interface PreparedChat {
  exchange: StoredExchange;
  userMessage: UserMessage;
  persona: PersonaView;
  room: RoomView;
  input: ChatInput;
  userId: string;
  requestId: string;
  /** Set when the message needs human help rather than an LLM answer. */
  crisisCategory: CrisisCategory | undefined;
  request: CompletionRequest;
  cacheKey: string;
  /** The answer cached for this exact prompt, when the cache holds one. */
  cachedAnswer: CachedAnswer | undefined;
}

export interface ChatReply {
  conversationId: string;
  messageId: string;
  reply: string;
  persona: { id: string; name: string };
  room: { id: string; name: string };
  provider: string;
  model: string;
  cached: boolean;
  usage: { tokensIn: number; tokensOut: number };
  flagged: boolean;
  disclaimer: { version: string; text: string };
}

const HISTORY_ROWS = 200;

export class ChatService {
  constructor(private readonly deps: ChatDependencies) {}

  /**
   * Validates persona, room and conversation, checks safety, builds the prompt and looks up
   * a cached answer. It writes nothing, so it may run while the request's gates are checked.
   */
  async prepare(input: ChatInput, context: { userId: string; requestId: string }): Promise<PreparedChat> {
    const { db, cache, catalog, config } = this.deps;
    const [persona, room] = await Promise.all([catalog.getPersona(input.personaId), catalog.getRoom(input.roomId)]);
    if (!persona) throw new AppError("VALIDATION_FAILED", `Unknown persona "${input.personaId}"`, { details: [{ path: "json.personaId", message: "unknown persona" }] });
    if (!room) throw new AppError("VALIDATION_FAILED", `Unknown room "${input.roomId}"`, { details: [{ path: "json.roomId", message: "unknown room" }] });
    if (!room.personaIds.includes(persona.id)) {
      throw new AppError("VALIDATION_FAILED", `${persona.name} does not visit the ${room.name}; personas there: ${room.personaIds.join(", ")}`, {
        details: [{ path: "json.personaId", message: `compatible personas for ${room.id}: ${room.personaIds.join(", ")}` }],
      });
    }

    let history: Awaited<ReturnType<typeof loadHistory>> = [];
    if (input.conversationId) {
      const conversation = await requireOwnedConversation(db, context.userId, input.conversationId);
      if (conversation.personaId !== persona.id || conversation.roomId !== room.id) {
        throw new AppError("VALIDATION_FAILED", `This conversation is with ${conversation.personaId} in ${conversation.roomId}; start a new one to switch`);
      }
      history = await loadHistory(db, conversation.id, HISTORY_ROWS);
    }

    const crisis = detectCrisis(input.message);
    const redactedMessage = redactPiiText(input.message);
    const redactedHistory = history.map((turn) => ({ role: turn.role, content: redactPiiText(turn.content) }));
    const request = buildCompletionRequest(persona, room, redactedHistory, redactedMessage, config.chat.historyBudgetChars);
    const cacheKey = await aiResponseCacheKey(config, { userId: context.userId, personaId: persona.id, roomId: room.id }, request);
    const cached = !crisis.crisis && cache.enabled ? await cache.get<CachedAnswer>(cacheKey) : undefined;
    return {
      exchange: { conversationId: input.conversationId ?? crypto.randomUUID(), userMessageId: crypto.randomUUID(), personaId: persona.id, roomId: room.id },
      userMessage: {
        userId: context.userId,
        content: input.message,
        isNewConversation: !input.conversationId,
        title: redactedMessage.slice(0, 80),
        status: crisis.crisis ? "flagged" : "pending",
      },
      persona,
      room,
      input,
      userId: context.userId,
      requestId: context.requestId,
      crisisCategory: crisis.crisis ? crisis.category : undefined,
      request,
      cacheKey,
      cachedAnswer: cached?.hit ? cached.value : undefined,
    };
  }

  /** The caring reply with human resources for a crisis message: stored with the message, flagged, and no LLM call. */
  async answerCrisis(prepared: PreparedChat, category: CrisisCategory): Promise<ChatReply> {
    const reply: AssistantReply = { id: crypto.randomUUID(), content: crisisReply(category), provider: "safety", model: "crisis-resources", tokensIn: 0, tokensOut: 0, latencyMs: 0, cached: false };
    await storeExchange(this.deps.db, prepared.exchange, prepared.userMessage, reply);
    this.deps.logger.warn("crisis language detected; resources sent without an LLM call", { category, conversationId: prepared.exchange.conversationId });
    return this.toReply(prepared, reply, true);
  }

  /** The cached answer for this exact prompt, stored in the conversation like a fresh one. */
  async answerFromCache(prepared: PreparedChat, cached: CachedAnswer): Promise<ChatReply> {
    const { text, provider, model, usage } = cached;
    return this.complete(prepared, { id: crypto.randomUUID(), content: text, provider, model, ...usage, latencyMs: 0, cached: true });
  }

  /** Asks the providers in failover order within the request's deadline. */
  async answer(prepared: PreparedChat): Promise<ChatReply> {
    await this.storeUserMessage(prepared);
    const attempts: AttemptRecord[] = [];
    const startedAtMs = Date.now();
    try {
      const { completion, provider } = await completeWithFailover(this.deps.providers, prepared.request, {
        deadlineAt: startedAtMs + this.deps.config.chat.deadlineMs,
        onAttempt: (attempt) => void attempts.push(attempt),
        gate: this.deps.gate,
      });
      const reply: AssistantReply = {
        id: crypto.randomUUID(),
        content: completion.text,
        provider: provider.name,
        model: completion.model,
        ...completion.usage,
        latencyMs: Date.now() - startedAtMs,
        cached: false,
      };
      return await this.complete(prepared, reply, attempts);
    } catch (error) {
      // No reply was stored, so neither were the attempts that were to go with it.
      this.recordAttempts(prepared, attempts);
      throw await this.failed(prepared, error);
    }
  }

  /** Opens a stream, failing over until some provider produces its first token. */
  async openStream(prepared: PreparedChat): Promise<OpenStream> {
    await this.storeUserMessage(prepared);
    const startedAtMs = Date.now();
    try {
      const started = await streamWithFailover(this.deps.providers, prepared.request, {
        deadlineAt: startedAtMs + this.deps.config.chat.deadlineMs,
        // The winning attempt is only settled when its stream ends, so attempts are recorded one by one.
        onAttempt: (attempt) => this.recordAttempts(prepared, [attempt]),
        gate: this.deps.gate,
      });
      return { started, startedAtMs };
    } catch (error) {
      throw await this.failed(prepared, error);
    }
  }

  async finishStream(prepared: PreparedChat, open: OpenStream, text: string): Promise<ChatReply> {
    open.started.settle("success");
    const usage = open.started.usage();
    return this.complete(prepared, {
      id: crypto.randomUUID(),
      content: text,
      provider: open.started.provider.name,
      model: open.started.provider.model,
      ...usage,
      latencyMs: Date.now() - open.startedAtMs,
      cached: false,
    });
  }

  /** A provider failed after its first token: the stream ends with an error, and the failure is recorded. */
  async abortStream(prepared: PreparedChat, open: OpenStream, error: unknown): Promise<AppError> {
    const failure = classifyProviderError(open.started.provider.name, error);
    open.started.settle(failure.failure, failure.httpStatus);
    await markUserMessageFailed(this.deps.db, prepared.exchange, failure.failure);
    this.deps.logger.warn("stream failed after its first token", { provider: failure.provider, failure: failure.failure });
    return new AppError("AI_UNAVAILABLE", `${failure.provider} stopped answering mid-reply; please try again`);
  }

  /** Marks the user's message failed (it stays stored) and turns the error into what the client is told. */
  private async failed(prepared: PreparedChat, error: unknown): Promise<unknown> {
    if (error instanceof RequestRejected) {
      await markUserMessageFailed(this.deps.db, prepared.exchange, error.failure.failure);
      const reason = error.failure.failure === "context_too_long" ? "the conversation is too long for the model" : "the AI provider refused this request";
      return new AppError("AI_REQUEST_REJECTED", `Your message could not be answered: ${reason}`);
    }
    if (error instanceof AllProvidersFailed) {
      await markUserMessageFailed(this.deps.db, prepared.exchange, "all_providers_failed");
      this.deps.logger.error("every LLM provider failed", { failures: error.failures.map((failure) => failure.message) });
      const retryAfter = error.retryAfterSeconds ?? Math.ceil(this.deps.config.breaker.resetTimeoutMs / 1000);
      return new AppError("AI_UNAVAILABLE", "No AI provider can answer right now; your message is saved. Please try again shortly.", {
        headers: { "Retry-After": String(retryAfter) },
      });
    }
    await markUserMessageFailed(this.deps.db, prepared.exchange, "internal_error");
    return error;
  }

  /** Nothing the user said is lost: their message is stored before any LLM call. */
  private async storeUserMessage(prepared: PreparedChat): Promise<void> {
    await storeUserMessage(this.deps.db, prepared.exchange, prepared.userMessage);
  }

  /**
   * Stores the assistant's reply (with the journal entry when asked, and the llm_calls rows of
   * the attempts that produced it) and caches fresh answers off the response path. A cached
   * reply is stored together with the user's message, which no LLM call preceded.
   */
  private async complete(prepared: PreparedChat, reply: AssistantReply, attempts: AttemptRecord[] = []): Promise<ChatReply> {
    const { db, cache, config, defer } = this.deps;
    const journal = prepared.input.saveToJournal ? [this.journalEntry(prepared, reply.content)] : [];
    if (reply.cached) {
      await storeExchange(db, prepared.exchange, { ...prepared.userMessage, status: "completed" }, reply, journal);
    } else {
      await storeReply(db, prepared.exchange, reply, [...journal, ...llmCallsInsert(db, attempts, this.attemptContext(prepared))]);
      const answer: CachedAnswer = { text: reply.content, provider: reply.provider, model: reply.model, usage: { tokensIn: reply.tokensIn, tokensOut: reply.tokensOut } };
      defer(cache.set(prepared.cacheKey, answer, config.cache.aiResponseTtlSeconds));
    }
    return this.toReply(prepared, reply, false);
  }

  private recordAttempts(prepared: PreparedChat, attempts: AttemptRecord[]): void {
    this.deps.defer(recordLlmCalls(this.deps.db, attempts, this.attemptContext(prepared)));
  }

  private attemptContext(prepared: PreparedChat): AttemptContext {
    return { requestId: prepared.requestId, userId: prepared.userId };
  }

  private journalEntry(prepared: PreparedChat, replyText: string) {
    return journalInsert(this.deps.db, {
      userId: prepared.userId,
      conversationId: prepared.exchange.conversationId,
      title: `${prepared.persona.name} in the ${prepared.room.name}`,
      content: `You: ${prepared.input.message}\n\n${prepared.persona.name}: ${replyText}`,
    });
  }

  private toReply(prepared: PreparedChat, reply: AssistantReply, flagged: boolean): ChatReply {
    return {
      conversationId: prepared.exchange.conversationId,
      messageId: reply.id,
      reply: reply.content,
      persona: { id: prepared.persona.id, name: prepared.persona.name },
      room: { id: prepared.room.id, name: prepared.room.name },
      provider: reply.provider,
      model: reply.model,
      cached: reply.cached,
      usage: { tokensIn: reply.tokensIn, tokensOut: reply.tokensOut },
      flagged,
      disclaimer: { version: DISCLAIMER.version, text: DISCLAIMER.text },
    };
  }
}
