export { DISCLAIMER, DISCLAIMER_HEADER } from "./content";
export { requireAcceptedDisclaimer, requireDisclaimer } from "./middleware";
export { registerDisclaimerRoutes } from "./routes";
export { disclaimerStatus, type DisclaimerStatus } from "./status";
