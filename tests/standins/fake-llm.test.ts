import { env } from "cloudflare:test";
import { describe, it, expect, beforeEach } from "vitest";
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
import type { Fault } from "../../scripts/standins/fake-llm/faults";

// Each test file uses its own tenant (API key), so faults and counters here never touch other files.
const API_KEY = `sk-test-fake-llm-${crypto.randomUUID()}`;
const PROMPT = "Hello fake model, how are you today?";
const OPENAI_MODEL = "gpt-4o-mini";
const ANTHROPIC_MODEL = "claude-sonnet-4-5";

type Provider = "openai" | "anthropic";
interface ProviderStats {
  requests: number;
  lastRequests: unknown[];
}

function openaiClient(apiKey = API_KEY): OpenAI {
  return new OpenAI({ apiKey, baseURL: `${env.FAKE_LLM_URL}/openai/v1`, maxRetries: 0, logLevel: "off" });
}

function anthropicClient(apiKey = API_KEY): Anthropic {
  return new Anthropic({ apiKey, baseURL: `${env.FAKE_LLM_URL}/anthropic`, maxRetries: 0, logLevel: "off" });
}

// The SDKs reject an explicit `timeout: undefined` ("timeout must be an integer").
function requestOptions(timeout?: number): { timeout?: number } {
  return timeout === undefined ? {} : { timeout };
}

/** One non-streaming completion per provider, resolving to the answer's text. */
const ask: Record<Provider, (options?: { timeout?: number; apiKey?: string }) => Promise<string>> = {
  async openai(options = {}) {
    const completion = await openaiClient(options.apiKey).chat.completions.create(
      { model: OPENAI_MODEL, messages: [{ role: "user", content: PROMPT }] },
      requestOptions(options.timeout),
    );
    return completion.choices[0]?.message.content ?? "";
  },
  async anthropic(options = {}) {
    const message = await anthropicClient(options.apiKey).messages.create(
      { model: ANTHROPIC_MODEL, max_tokens: 256, messages: [{ role: "user", content: PROMPT }] },
      requestOptions(options.timeout),
    );
    const block = message.content[0];
    return block?.type === "text" ? block.text : "";
  },
};

/** One streaming completion per provider, yielding the text pieces as they arrive. */
const streamText: Record<Provider, () => AsyncGenerator<string>> = {
  async *openai() {
    const stream = await openaiClient().chat.completions.create({ model: OPENAI_MODEL, messages: [{ role: "user", content: PROMPT }], stream: true });
    for await (const chunk of stream) {
      const piece = chunk.choices[0]?.delta.content;
      if (piece) yield piece;
    }
  },
  async *anthropic() {
    const stream = await anthropicClient().messages.create({ model: ANTHROPIC_MODEL, max_tokens: 256, messages: [{ role: "user", content: PROMPT }], stream: true });
    for await (const event of stream) {
      if (event.type === "content_block_delta" && event.delta.type === "text_delta") yield event.delta.text;
    }
  },
};

async function collect(pieces: AsyncIterable<string>): Promise<{ pieces: string[]; error?: unknown }> {
  const received: string[] = [];
  try {
    for await (const piece of pieces) received.push(piece);
    return { pieces: received };
  } catch (error) {
    return { pieces: received, error };
  }
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the request to fail");
}

function control(path: string, init?: RequestInit): Promise<Response> {
  return fetch(`${env.FAKE_LLM_URL}/control/${path}`, init);
}

async function injectFault(provider: Provider, fault: Fault, count?: number, apiKey = API_KEY): Promise<void> {
  const response = await control("faults", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ provider, apiKey, fault, count }),
  });
  expect(response.status, await response.text()).toBe(200);
}

async function stats(apiKey = API_KEY): Promise<Record<Provider, ProviderStats>> {
  const response = await control(`stats?apiKey=${encodeURIComponent(apiKey)}`);
  expect(response.status).toBe(200);
  return response.json();
}

beforeEach(async () => {
  const query = `apiKey=${encodeURIComponent(API_KEY)}`;
  for (const path of [`faults?${query}`, `stats?${query}`]) {
    const response = await control(path, { method: "DELETE" });
    expect(response.status).toBe(200);
    await response.body?.cancel();
  }
});

describe("fake LLM answers", () => {
  it("answers OpenAI chat completions deterministically from the prompt", async () => {
    const completion = await openaiClient().chat.completions.create({ model: OPENAI_MODEL, messages: [{ role: "user", content: PROMPT }] });

    expect(completion.object).toBe("chat.completion");
    expect(completion.model).toBe(OPENAI_MODEL);
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.choices[0]?.message.content).toMatch(/^\[openai:gpt-4o-mini\] You said: Hello fake model, how are you today\?/);
    expect(completion.usage?.total_tokens).toBe((completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0));
    expect(await ask.openai()).toBe(completion.choices[0]?.message.content);

    const withSystem = await openaiClient().chat.completions.create({
      model: OPENAI_MODEL,
      messages: [{ role: "system", content: "Be brief." }, { role: "user", content: PROMPT }],
    });
    expect(withSystem.choices[0]?.message.content).not.toBe(completion.choices[0]?.message.content);
  });

  it("cuts OpenAI answers at max_completion_tokens", async () => {
    const completion = await openaiClient().chat.completions.create({ model: OPENAI_MODEL, messages: [{ role: "user", content: PROMPT }], max_completion_tokens: 3 });

    expect(completion.choices[0]?.finish_reason).toBe("length");
    expect(completion.usage?.completion_tokens).toBe(3);
  });

  it("streams OpenAI chat completion chunks that add up to the plain answer, then usage", async () => {
    const stream = await openaiClient().chat.completions.create({
      model: OPENAI_MODEL,
      messages: [{ role: "user", content: PROMPT }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe(await ask.openai());
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length).toBeGreaterThan(1);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("answers Anthropic messages deterministically from the prompt", async () => {
    const message = await anthropicClient().messages.create({ model: ANTHROPIC_MODEL, max_tokens: 256, messages: [{ role: "user", content: PROMPT }] });

    expect(message.type).toBe("message");
    expect(message.stop_reason).toBe("end_turn");
    expect(message.content[0]).toMatchObject({ type: "text", text: expect.stringMatching(/^\[anthropic:claude-sonnet-4-5\] You said: Hello fake model/) });
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(message._request_id).toMatch(/^req_/);

    const withSystem = await anthropicClient().messages.create({ model: ANTHROPIC_MODEL, max_tokens: 256, system: "Be brief.", messages: [{ role: "user", content: PROMPT }] });
    expect(withSystem.content).not.toEqual(message.content);
  });

  it("streams Anthropic message events that add up to the plain answer", async () => {
    const stream = anthropicClient().messages.stream({ model: ANTHROPIC_MODEL, max_tokens: 256, messages: [{ role: "user", content: PROMPT }] });
    const deltas: string[] = [];
    stream.on("text", (delta) => deltas.push(delta));
    const final = await stream.finalMessage();

    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe(await ask.anthropic());
    expect(final.stop_reason).toBe("end_turn");
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });

  it.each([
    { provider: "openai", path: "/openai/v1/chat/completions", body: { error: { type: "invalid_request_error", code: "invalid_api_key" } } },
    { provider: "anthropic", path: "/anthropic/v1/messages", body: { type: "error", error: { type: "authentication_error" } } },
  ] as const)("rejects $provider requests without an API key with 401", async ({ path, body }) => {
    const response = await fetch(`${env.FAKE_LLM_URL}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject(body);
  });
});

describe("fault injection", () => {
  it.each([
    { provider: "openai", status: 500, errorClass: OpenAI.InternalServerError, type: "server_error" },
    { provider: "openai", status: 503, errorClass: OpenAI.InternalServerError, type: "server_error" },
    { provider: "openai", status: 400, errorClass: OpenAI.BadRequestError, type: "invalid_request_error" },
    { provider: "openai", status: 401, errorClass: OpenAI.AuthenticationError, type: "invalid_request_error" },
    { provider: "anthropic", status: 500, errorClass: Anthropic.InternalServerError, type: "api_error" },
    { provider: "anthropic", status: 503, errorClass: Anthropic.ServiceUnavailableError, type: "api_error" },
    { provider: "anthropic", status: 529, errorClass: Anthropic.OverloadedError, type: "overloaded_error" },
    { provider: "anthropic", status: 400, errorClass: Anthropic.BadRequestError, type: "invalid_request_error" },
    { provider: "anthropic", status: 401, errorClass: Anthropic.AuthenticationError, type: "authentication_error" },
  ] as const)("$provider status $status surfaces as $errorClass.name", async ({ provider, status, errorClass, type }) => {
    await injectFault(provider, { kind: "status", status }, 1);

    const error = await failure(ask[provider]());

    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ status, type });
  });

  it.each([
    { provider: "openai", errorClass: OpenAI.RateLimitError },
    { provider: "anthropic", errorClass: Anthropic.RateLimitError },
  ] as const)("$provider rate_limit surfaces as RateLimitError with Retry-After", async ({ provider, errorClass }) => {
    await injectFault(provider, { kind: "rate_limit", retryAfterSeconds: 7 }, 1);

    const error = await failure(ask[provider]());

    expect(error).toBeInstanceOf(errorClass);
    expect((error as InstanceType<typeof errorClass>).status).toBe(429);
    expect((error as InstanceType<typeof errorClass>).headers?.get("retry-after")).toBe("7");
  });

  it.each([
    { provider: "openai", errorClass: OpenAI.APIConnectionTimeoutError },
    { provider: "anthropic", errorClass: Anthropic.APIConnectionTimeoutError },
  ] as const)("$provider hang outlasts a short client timeout: APIConnectionTimeoutError", async ({ provider, errorClass }) => {
    await injectFault(provider, { kind: "hang" }, 1);

    expect(await failure(ask[provider]({ timeout: 300 }))).toBeInstanceOf(errorClass);
  });

  it.each([
    { provider: "openai", connectionError: OpenAI.APIConnectionError, timeoutError: OpenAI.APIConnectionTimeoutError },
    { provider: "anthropic", connectionError: Anthropic.APIConnectionError, timeoutError: Anthropic.APIConnectionTimeoutError },
  ] as const)("$provider reset surfaces as APIConnectionError", async ({ provider, connectionError, timeoutError }) => {
    await injectFault(provider, { kind: "reset" }, 1);

    const error = await failure(ask[provider]());

    expect(error).toBeInstanceOf(connectionError);
    expect(error).not.toBeInstanceOf(timeoutError);
  });

  it.each(["openai", "anthropic"] as const)("%s delay answers late: after a long enough timeout, not before a short one", async (provider) => {
    await injectFault(provider, { kind: "delay", ms: 100 }, 1);
    await expect(ask[provider]({ timeout: 5_000 })).resolves.toContain("You said:");

    await injectFault(provider, { kind: "delay", ms: 1_000 }, 1);
    expect(await failure(ask[provider]({ timeout: 200 }))).toBeInstanceOf(provider === "openai" ? OpenAI.APIConnectionTimeoutError : Anthropic.APIConnectionTimeoutError);
  });

  // Neither SDK wraps a body that is not JSON: JSON parsing's own SyntaxError reaches the caller.
  it.each(["openai", "anthropic"] as const)("%s malformed body surfaces as SyntaxError, plain and streaming", async (provider) => {
    await injectFault(provider, { kind: "malformed" }, 2);

    expect(await failure(ask[provider]())).toBeInstanceOf(SyntaxError);
    const streamed = await collect(streamText[provider]());
    expect(streamed.pieces).toEqual([]);
    expect(streamed.error).toBeInstanceOf(SyntaxError);
  });

  it.each(["openai", "anthropic"] as const)("%s cut_stream delivers the first chunks, then the stream throws", async (provider) => {
    const complete = await collect(streamText[provider]());
    expect(complete.error).toBeUndefined();
    await injectFault(provider, { kind: "cut_stream", afterChunks: 2 }, 1);

    const cut = await collect(streamText[provider]());

    expect(cut.pieces).toEqual(complete.pieces.slice(0, 2));
    expect(cut.error).toBeInstanceOf(Error);
  });

  it.each(["openai", "anthropic"] as const)("%s fault with count K applies to exactly K requests, in queue order", async (provider) => {
    await injectFault(provider, { kind: "status", status: 500 }, 2);
    await injectFault(provider, { kind: "status", status: 400 }, 1);

    const outcomes: Array<number | string | undefined> = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(await ask[provider]().then(() => "ok", (error: { status?: number }) => error.status));
    }

    expect(outcomes).toEqual([500, 500, 400, "ok"]);
  });

  it.each(["openai", "anthropic"] as const)("%s fault without count lasts until cleared", async (provider) => {
    await injectFault(provider, { kind: "status", status: 503 });
    for (let i = 0; i < 3; i++) expect(await failure(ask[provider]())).toMatchObject({ status: 503 });

    const cleared = await control(`faults?apiKey=${encodeURIComponent(API_KEY)}&provider=${provider}`, { method: "DELETE" });
    expect(await cleared.json()).toEqual({ cleared: 1 });

    await expect(ask[provider]()).resolves.toContain("You said:");
  });

  it("keeps faults to the tenant whose API key they name", async () => {
    const otherKey = `sk-test-fake-llm-other-${crypto.randomUUID()}`;
    await injectFault("openai", { kind: "status", status: 500 }, 1, otherKey);

    await expect(ask.openai()).resolves.toContain("You said:");
    expect(await failure(ask.openai({ apiKey: otherKey }))).toBeInstanceOf(OpenAI.InternalServerError);
  });

  it.each([
    ["an unknown provider", { provider: "gemini", apiKey: API_KEY, fault: { kind: "hang" } }, /provider/],
    ["an empty apiKey", { provider: "openai", apiKey: "", fault: { kind: "hang" } }, /apiKey/],
    ["an unknown fault kind", { provider: "openai", apiKey: API_KEY, fault: { kind: "explode" } }, /fault.kind/],
    ["a non-error status", { provider: "openai", apiKey: API_KEY, fault: { kind: "status", status: 200 } }, /fault.status/],
    ["a zero count", { provider: "openai", apiKey: API_KEY, fault: { kind: "hang" }, count: 0 }, /count/],
  ])("rejects a fault order with %s with 400", async (_, order, message) => {
    const response = await control("faults", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(order) });

    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(message);
  });
});

describe("request records", () => {
  it("counts every request per provider, faulted ones included, and keeps what was sent", async () => {
    await injectFault("anthropic", { kind: "status", status: 500 }, 1);

    await ask.openai();
    await ask.openai();
    await failure(ask.anthropic());

    const received = await stats();
    expect(received.openai.requests).toBe(2);
    expect(received.anthropic.requests).toBe(1);
    expect(received.openai.lastRequests).toHaveLength(2);
    expect(received.anthropic.lastRequests[0]).toMatchObject({ model: ANTHROPIC_MODEL, messages: [{ role: "user", content: PROMPT }] });
  });

  it("keeps tenants apart and resets on DELETE", async () => {
    await ask.anthropic();
    expect((await stats(`sk-test-fake-llm-unused-${crypto.randomUUID()}`)).anthropic.requests).toBe(0);

    const reset = await control(`stats?apiKey=${encodeURIComponent(API_KEY)}`, { method: "DELETE" });
    expect(reset.status).toBe(200);
    await reset.body?.cancel();

    expect(await stats()).toEqual({ openai: { requests: 0, lastRequests: [] }, anthropic: { requests: 0, lastRequests: [] } });
  });
});
