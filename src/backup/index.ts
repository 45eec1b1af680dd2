export { registerBackupRoutes } from "./routes";
export { BackupRunner } from "./runner";
export { BackupService, stringSettings, type StartResult } from "./service";
