export { createDatabase, createPool, type Database, type DatabaseConfig } from "./client";
