import { createApp } from "./app";
import { handleScheduled } from "./housekeeping";

export { BackupRunner } from "./backup";
export { CircuitBreaker } from "./breaker";

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled: handleScheduled,
} satisfies ExportedHandler<Env>;
