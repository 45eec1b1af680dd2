import { BaseAnthropic } from "@anthropic-ai/sdk/client";
import { Messages } from "@anthropic-ai/sdk/resources/messages/messages";
import type { ProviderConfig } from "../../config";
import { timedFetch } from "../../timing";
import { ProviderFailure } from "../failures";
import type { CompletionRequest, LlmProvider, Usage } from "../types";

/** Anthropic's Messages API through the official SDK. */
export function createAnthropicProvider(config: ProviderConfig): LlmProvider {
  // The base client with only the Messages resource: the full Anthropic class carries every
  // resource of the API (beta, organization, files…), about a quarter of the Worker bundle.
  const client = new BaseAnthropic({ apiKey: config.apiKey, baseURL: config.baseUrl, maxRetries: 0, timeout: config.timeoutMs, logLevel: "off", fetch: timedFetch("llm") });
  const messages = new Messages(client);
  const body = (request: CompletionRequest) => ({
    model: config.model,
    temperature: config.temperature,
    max_tokens: config.maxTokens,
    system: request.system,
    messages: request.turns,
  });

  return {
    name: "anthropic",
    model: config.model,
    timeoutMs: config.timeoutMs,
    async complete(request, { signal, timeoutMs }) {
      const response = await messages.create(body(request), { signal, timeout: timeoutMs });
      if (!Array.isArray(response.content)) throw new ProviderFailure("anthropic", "malformed", undefined, undefined, "answer without content blocks");
      const text = response.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("");
      return { text, model: response.model, usage: { tokensIn: response.usage.input_tokens, tokensOut: response.usage.output_tokens } };
    },
    async stream(request, { signal, timeoutMs }) {
      const stream = await messages.create({ ...body(request), stream: true }, { signal, timeout: timeoutMs });
      const usage: Usage = { tokensIn: 0, tokensOut: 0 };
      async function* chunks() {
        for await (const event of stream) {
          if (event.type === "message_start") usage.tokensIn = event.message.usage.input_tokens;
          else if (event.type === "message_delta") usage.tokensOut = event.usage.output_tokens;
          else if (event.type === "content_block_delta" && event.delta.type === "text_delta") yield event.delta.text;
        }
      }
      return { chunks: chunks(), usage: () => usage };
    },
  };
}
