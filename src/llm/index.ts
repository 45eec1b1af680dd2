export { classifyProviderError, isProviderFault, ProviderFailure, type FailureClass } from "./failures";
export { providerOrder } from "./providers";
export { AllProvidersFailed, completeWithFailover, RequestRejected, streamWithFailover, type AttemptRecord, type FailoverOptions, type ProviderGate, type SkippedProvider, type StartedStream } from "./router";
export type { ChatTurn, Completion, CompletionRequest, LlmProvider, Usage } from "./types";
export { llmMetrics, type LlmMetrics } from "./metrics";
export { LlmMetricsSchema, registerLlmAdminRoutes } from "./routes";
