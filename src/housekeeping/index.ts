export { handleScheduled } from "./scheduled";
export { pruneLlmCalls } from "./prune";
