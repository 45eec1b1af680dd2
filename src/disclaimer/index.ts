export { DISCLAIMER, DISCLAIMER_HEADER } from "./content";
export { requireDisclaimer } from "./middleware";
export { registerDisclaimerRoutes } from "./routes";
export { disclaimerStatus, type DisclaimerStatus } from "./status";
