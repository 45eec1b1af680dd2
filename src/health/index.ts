export { registerHealthRoute } from "./route";
