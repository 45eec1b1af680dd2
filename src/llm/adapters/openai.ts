import OpenAI from "openai";
import type { ProviderConfig } from "../../config";
import { timedFetch } from "../../timing";
import { ProviderFailure } from "../failures";
import type { CompletionRequest, LlmProvider, Usage } from "../types";

/** OpenAI (or any OpenAI-compatible server at OPENAI_BASE_URL) through the official SDK. */
export function createOpenAiProvider(config: ProviderConfig): LlmProvider {
  const client = new OpenAI({ apiKey: config.apiKey, baseURL: config.baseUrl, maxRetries: 0, timeout: config.timeoutMs, logLevel: "off", fetch: timedFetch("llm") });
  const body = (request: CompletionRequest) => ({
    model: config.model,
    temperature: config.temperature,
    max_tokens: config.maxTokens,
    messages: [{ role: "system" as const, content: request.system }, ...request.turns],
  });

  return {
    name: "openai",
    model: config.model,
    timeoutMs: config.timeoutMs,
    async complete(request, { signal, timeoutMs }) {
      const response = await client.chat.completions.create(body(request), { signal, timeout: timeoutMs });
      const text = response.choices[0]?.message?.content;
      if (typeof text !== "string") throw new ProviderFailure("openai", "malformed", undefined, undefined, "answer without message content");
      return { text, model: response.model, usage: { tokensIn: response.usage?.prompt_tokens ?? 0, tokensOut: response.usage?.completion_tokens ?? 0 } };
    },
    async stream(request, { signal, timeoutMs }) {
      const stream = await client.chat.completions.create({ ...body(request), stream: true, stream_options: { include_usage: true } }, { signal, timeout: timeoutMs });
      const usage: Usage = { tokensIn: 0, tokensOut: 0 };
      async function* chunks() {
        for await (const chunk of stream) {
          if (chunk.usage) {
            usage.tokensIn = chunk.usage.prompt_tokens;
            usage.tokensOut = chunk.usage.completion_tokens;
          }
          const text = chunk.choices[0]?.delta?.content;
          if (text) yield text;
        }
      }
      return { chunks: chunks(), usage: () => usage };
    },
  };
}
