import { createApp } from "./app";

export { CircuitBreaker } from "./breaker";

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
