export { createDatabase, createPool, type Database, type DatabaseConfig } from "./client";
export { APPLIED_MIGRATIONS_QUERY, levelOf, migrationLevel, type MigrationLevel } from "./migrations";
export { isDatabaseUnreachable } from "./errors";
