export { recordRequestMetrics } from "./recorder";
export { registerMetricsRoute } from "./route";
