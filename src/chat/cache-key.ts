import type { Config } from "../config";
import type { CompletionRequest } from "../llm";

/**
 * The AI response cache key: a hash of everything that changes the answer — persona, room,
 * every provider's model and settings, the whole prompt with history — and, unless the
 * scope is global, the user, so one user's answer is never served to another.
 */
export async function aiResponseCacheKey(config: Config, scope: { userId: string; personaId: string; roomId: string }, request: CompletionRequest): Promise<string> {
  const providers = Object.values(config.ai.providers).map(({ name, model, temperature, maxTokens }) => [name, model, temperature, maxTokens]);
  const material = JSON.stringify({
    user: config.cache.aiResponseScope === "user" ? scope.userId : null,
    persona: scope.personaId,
    room: scope.roomId,
    providers,
    request,
  });
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(material));
  return `ai:response:${[...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

export interface CachedAnswer {
  text: string;
  provider: string;
  model: string;
  usage: { tokensIn: number; tokensOut: number };
}
