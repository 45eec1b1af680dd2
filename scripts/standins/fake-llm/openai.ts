import {
  composeAnswer,
  isPositiveInteger,
  isRecord,
  parseTurns,
  randomId,
  unixSeconds,
  type ChatTurn,
  type ProviderAdapter,
  type SseEvent,
} from "./common";

interface ChatCompletionRequest {
  model: string;
  messages: ChatTurn[];
  stream: boolean;
  includeUsage: boolean;
  maxTokens?: number;
}

/** `type`, `code` and message OpenAI sends with each status. */
function describeStatus(status: number): { type: string; code: string | null; message: string } {
  switch (status) {
    case 401:
      return { type: "invalid_request_error", code: "invalid_api_key", message: "Incorrect API key provided." };
    case 404:
      return { type: "invalid_request_error", code: "model_not_found", message: "The model does not exist or you do not have access to it." };
    case 429:
      return { type: "requests", code: "rate_limit_exceeded", message: "Rate limit reached for requests. Please try again later." };
    case 503:
      return { type: "server_error", code: null, message: "The engine is currently overloaded, please try again later." };
  }
  return status >= 500
    ? { type: "server_error", code: null, message: "The server had an error while processing your request. Sorry about that!" }
    : { type: "invalid_request_error", code: null, message: `Request failed with status ${status}.` };
}

function answerOf(request: ChatCompletionRequest) {
  const answer = composeAnswer({ provider: "openai", model: request.model, messages: request.messages, maxTokens: request.maxTokens });
  const usage = {
    prompt_tokens: answer.promptTokens,
    completion_tokens: answer.completionTokens,
    total_tokens: answer.promptTokens + answer.completionTokens,
  };
  return { answer, usage, finishReason: answer.truncated ? "length" : "stop" };
}

export const openai: ProviderAdapter<ChatCompletionRequest> = {
  provider: "openai",
  requestIdHeader: "x-request-id",
  missingKeyMessage: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",

  apiKeyOf(headers) {
    return /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? "")?.[1];
  },

  parseRequest(body) {
    if (!isRecord(body)) return { ok: false, message: "The request body must be a JSON object." };
    if (typeof body.model !== "string" || body.model === "") return { ok: false, message: "you must provide a model parameter" };
    const messages = parseTurns(body.messages);
    if (!messages) return { ok: false, message: "'messages' must be a non-empty array of objects with a 'role'." };
    const requestedMax = body.max_completion_tokens ?? body.max_tokens ?? undefined;
    const maxTokens = isPositiveInteger(requestedMax) ? requestedMax : undefined;
    if (requestedMax !== undefined && maxTokens === undefined) {
      return { ok: false, message: "max_tokens / max_completion_tokens must be a positive integer." };
    }
    return {
      ok: true,
      value: {
        model: body.model,
        messages,
        stream: body.stream === true,
        includeUsage: isRecord(body.stream_options) && body.stream_options.include_usage === true,
        maxTokens,
      },
    };
  },

  isStream: (request) => request.stream,

  completion(request) {
    const { answer, usage, finishReason } = answerOf(request);
    return {
      id: randomId("chatcmpl-"),
      object: "chat.completion",
      created: unixSeconds(),
      model: request.model,
      choices: [{ index: 0, message: { role: "assistant", content: answer.text, refusal: null }, finish_reason: finishReason, logprobs: null }],
      usage,
      system_fingerprint: null,
    };
  },

  streamPlan(request) {
    const { answer, usage, finishReason } = answerOf(request);
    const base = { id: randomId("chatcmpl-"), object: "chat.completion.chunk", created: unixSeconds(), model: request.model, system_fingerprint: null };
    // With include_usage, OpenAI sends `usage: null` on every chunk and the totals on a last, choice-less chunk.
    const chunk = (delta: Record<string, unknown>, finishReason: string | null): SseEvent => ({
      data: JSON.stringify({
        ...base,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
        ...(request.includeUsage ? { usage: null } : {}),
      }),
    });
    return {
      head: [chunk({ role: "assistant", content: "", refusal: null }, null)],
      content: answer.pieces.map((piece) => chunk({ content: piece }, null)),
      tail: [
        chunk({}, finishReason),
        ...(request.includeUsage ? [{ data: JSON.stringify({ ...base, choices: [], usage }) }] : []),
        { data: "[DONE]" },
      ],
    };
  },

  errorBody(status, message) {
    const described = describeStatus(status);
    return { error: { message: message ?? described.message, type: described.type, param: null, code: described.code } };
  },

  rateLimitHeaders(retryAfterSeconds) {
    return {
      "retry-after": String(retryAfterSeconds),
      "x-ratelimit-remaining-requests": "0",
      "x-ratelimit-reset-requests": `${retryAfterSeconds}s`,
    };
  },
};
