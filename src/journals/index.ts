import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../http/app-env";
import { registerCreateJournalRoute } from "./routes/create";
import { registerDeleteJournalRoute } from "./routes/delete";
import { registerListJournalsRoute } from "./routes/list";
import { registerShowJournalRoute } from "./routes/show";
import { registerUpdateJournalRoute } from "./routes/update";

export type { JournalChanges, JournalInput, JournalListQuery, JournalView } from "./schemas";
export { createJournalEntry, deleteJournalEntry, getJournalEntry, journalInsert, listJournalEntries, updateJournalEntry } from "./service";

export function registerJournalRoutes(app: OpenAPIHono<AppEnv>): void {
  registerCreateJournalRoute(app);
  registerListJournalsRoute(app);
  registerShowJournalRoute(app);
  registerUpdateJournalRoute(app);
  registerDeleteJournalRoute(app);
}
