export { registerSystemRoute } from "./route";
