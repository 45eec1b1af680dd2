export { CircuitBreaker, type BreakerSnapshot, type BreakerState } from "./circuit-breaker";
