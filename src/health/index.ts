export { registerHealthRoute } from "./route";
export { checkDependencies, type DependencyCheck } from "./check";
