import { oncePerConfig, PROVIDER_NAMES, type Config, type ProviderConfig, type ProviderName } from "../config";
import { createAnthropicProvider } from "./adapters/anthropic";
import { createOpenAiProvider } from "./adapters/openai";
import type { LlmProvider } from "./types";

/** Every provider the API can talk to. A new provider is one adapter file, one entry here and one in config. */
const ADAPTERS: Record<ProviderName, (config: ProviderConfig) => LlmProvider> = {
  openai: createOpenAiProvider,
  anthropic: createAnthropicProvider,
};

const adapterFor = oncePerConfig((config: ProviderConfig): LlmProvider => ADAPTERS[config.name](config));

/** The failover order: AI_PROVIDER first, then the others; providers without an API key are left out. */
export function providerOrder(ai: Config["ai"]): LlmProvider[] {
  const names = [ai.primary, ...PROVIDER_NAMES.filter((name) => name !== ai.primary)];
  return names.map((name) => ai.providers[name]).filter((config) => config.apiKey !== undefined).map(adapterFor);
}
