import { defineConfig } from "drizzle-kit";

/** drizzle-kit generates SQL migrations from src/db/schema.ts; `npm run db:migrate` applies them. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./migrations",
  strict: true,
  verbose: true,
});
