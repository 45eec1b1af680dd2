import {
  composeAnswer,
  isPositiveInteger,
  isRecord,
  parseTurns,
  randomId,
  type ChatTurn,
  type ProviderAdapter,
  type SseEvent,
} from "./common";

interface MessagesRequest {
  model: string;
  system?: unknown;
  messages: ChatTurn[];
  maxTokens: number;
  stream: boolean;
}

/** Anthropic's error `type` and a typical message for each status. */
const ERRORS: Record<number, { type: string; message: string }> = {
  400: { type: "invalid_request_error", message: "There was an issue with the format or content of your request." },
  401: { type: "authentication_error", message: "invalid x-api-key" },
  402: { type: "billing_error", message: "There was an issue with your billing or payment information." },
  403: { type: "permission_error", message: "Your API key does not have permission to use the specified resource." },
  404: { type: "not_found_error", message: "The requested resource could not be found." },
  413: { type: "request_too_large", message: "Request exceeds the maximum allowed number of bytes." },
  429: { type: "rate_limit_error", message: "Number of request tokens has exceeded your per-minute rate limit." },
  500: { type: "api_error", message: "Internal server error" },
  504: { type: "timeout_error", message: "Request timed out." },
  529: { type: "overloaded_error", message: "Overloaded" },
};

function answerOf(request: MessagesRequest) {
  const answer = composeAnswer({ provider: "anthropic", model: request.model, system: request.system, messages: request.messages, maxTokens: request.maxTokens });
  return { answer, stopReason: answer.truncated ? "max_tokens" : "end_turn" };
}

function sse(type: string, payload: Record<string, unknown> = {}): SseEvent {
  return { event: type, data: JSON.stringify({ type, ...payload }) };
}

export const anthropic: ProviderAdapter<MessagesRequest> = {
  provider: "anthropic",
  requestIdHeader: "request-id",
  missingKeyMessage: "x-api-key header is required",

  // @anthropic-ai/sdk 1.x sends its apiKey as `Authorization: Bearer`, so accept that as well as x-api-key.
  apiKeyOf(headers) {
    const key = headers["x-api-key"];
    if (typeof key === "string" && key !== "") return key;
    return /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? "")?.[1];
  },

  parseRequest(body) {
    if (!isRecord(body)) return { ok: false, message: "The request body must be a JSON object." };
    if (typeof body.model !== "string" || body.model === "") return { ok: false, message: "model: Field required" };
    if (!isPositiveInteger(body.max_tokens)) return { ok: false, message: "max_tokens: Field required (a positive integer)" };
    const messages = parseTurns(body.messages);
    if (!messages) return { ok: false, message: "messages: must be a non-empty array of objects with a role" };
    return { ok: true, value: { model: body.model, system: body.system, messages, maxTokens: body.max_tokens, stream: body.stream === true } };
  },

  isStream: (request) => request.stream,

  completion(request) {
    const { answer, stopReason } = answerOf(request);
    return {
      id: randomId("msg_"),
      type: "message",
      role: "assistant",
      model: request.model,
      content: [{ type: "text", text: answer.text, citations: null }],
      stop_reason: stopReason,
      stop_sequence: null,
      usage: { input_tokens: answer.promptTokens, output_tokens: answer.completionTokens, cache_creation_input_tokens: null, cache_read_input_tokens: null },
    };
  },

  streamPlan(request) {
    const { answer, stopReason } = answerOf(request);
    const message = {
      id: randomId("msg_"),
      type: "message",
      role: "assistant",
      model: request.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: answer.promptTokens, output_tokens: 1 },
    };
    return {
      head: [
        sse("message_start", { message }),
        sse("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
        sse("ping"),
      ],
      content: answer.pieces.map((text) => sse("content_block_delta", { index: 0, delta: { type: "text_delta", text } })),
      tail: [
        sse("content_block_stop", { index: 0 }),
        sse("message_delta", { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: answer.completionTokens } }),
        sse("message_stop"),
      ],
    };
  },

  errorBody(status, message) {
    const described = ERRORS[status] ?? { type: status >= 500 ? "api_error" : "invalid_request_error", message: `Request failed with status ${status}.` };
    return { type: "error", error: { type: described.type, message: message ?? described.message } };
  },

  rateLimitHeaders(retryAfterSeconds) {
    return {
      "retry-after": String(retryAfterSeconds),
      "anthropic-ratelimit-requests-remaining": "0",
      "anthropic-ratelimit-requests-reset": new Date(Date.now() + retryAfterSeconds * 1000).toISOString(),
    };
  },
};
