export { auditAdminAction } from "./admin-action";
export { auditStatement, type AuditEntry } from "./audit-log";
