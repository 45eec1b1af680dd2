import { env } from "cloudflare:test";
import type { Fault } from "../../scripts/standins/fake-llm/faults";
import { DISCLAIMER } from "../../src/disclaimer";
import { testClient, type TestEnv } from "./app";
import { bearer, jsonPost, registerUser, type Grant, type Request } from "./auth";

type Provider = "openai" | "anthropic";

export type { Fault };

/** The fake providers' control API, scoped to this test file's API keys. */
export function fakeProviders(bindings: TestEnv) {
  const keys: Record<Provider, string> = { openai: String(bindings.OPENAI_API_KEY), anthropic: String(bindings.ANTHROPIC_API_KEY) };
  const control = (path: string, init?: RequestInit) => fetch(`${env.FAKE_LLM_URL}/control/${path}`, init);
  return {
    async inject(provider: Provider, fault: Fault, count?: number): Promise<void> {
      const response = await control("faults", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ provider, apiKey: keys[provider], fault, count }) });
      if (!response.ok) throw new Error(`fault injection failed: ${await response.text()}`);
    },
    async clear(): Promise<void> {
      for (const provider of ["openai", "anthropic"] as const) await control(`faults?apiKey=${encodeURIComponent(keys[provider])}`, { method: "DELETE" });
    },
    async requests(provider: Provider): Promise<number> {
      const stats = await (await control(`stats?apiKey=${encodeURIComponent(keys[provider])}`)).json<Record<Provider, { requests: number }>>();
      return stats[provider].requests;
    },
    async lastRequest(provider: Provider): Promise<unknown> {
      const stats = await (await control(`stats?apiKey=${encodeURIComponent(keys[provider])}`)).json<Record<Provider, { lastRequests: unknown[] }>>();
      return stats[provider].lastRequests.at(-1);
    },
  };
}

export interface ChatBody {
  personaId: string;
  roomId: string;
  message: string;
  conversationId?: string;
  saveToJournal?: boolean;
  stream?: boolean;
}

/** A registered user who accepted the disclaimer, ready to chat. */
export async function chattingUser(request: Request): Promise<{ grant: Grant; chat: (body: ChatBody, headers?: Record<string, string>) => Promise<Response> }> {
  const grant = await registerUser(request);
  const accepted = await request("/api/disclaimer/acknowledge", bearer(grant.accessToken, jsonPost({ version: DISCLAIMER.version })));
  if (accepted.status !== 200) throw new Error(`disclaimer: ${accepted.status}`);
  return { grant, chat: (body, headers = {}) => request("/api/ai/chat", bearer(grant.accessToken, jsonPost(body, headers))) };
}

export function chatApp(bindings: TestEnv): Request {
  return testClient(bindings);
}

export interface SseEvent {
  event: string;
  data: unknown;
}

export async function readSse(response: Response): Promise<SseEvent[]> {
  const text = await response.text();
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = block.split("\n").filter((line) => line.startsWith("data: ")).map((line) => line.slice(6)).join("\n");
      return { event, data: JSON.parse(data) };
    });
}
