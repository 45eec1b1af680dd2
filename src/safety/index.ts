export { crisisReply, detectCrisis, type CrisisAssessment, type CrisisCategory } from "./crisis";
export { redactPii, redactPiiText, type PiiKind, type PiiRedaction, type RedactedText } from "./pii";
