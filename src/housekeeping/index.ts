export { handleScheduled } from "./scheduled";
export { pruneOlderThan } from "./prune";
