export { auditStatement, type AuditEntry } from "./audit-log";
