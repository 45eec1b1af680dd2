export { createDatabase, createPool, type Database, type DatabaseConfig } from "./client";
export { migrationLevel, type MigrationLevel } from "./migrations";
