export { BreakerClient, type Admission } from "./client";
export { CircuitBreaker } from "./circuit-breaker";
export type { BreakerSettings, BreakerSnapshot, BreakerState, Outcome, Passage, Transition } from "./state";
