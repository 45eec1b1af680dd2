import { sql } from "drizzle-orm";
import { parseArgs } from "node:util";
import { auditLog, users } from "../src/db/schema";
import { databaseSettingsFromEnv, drizzleOver, openPool } from "./lib/database";

/**
 * `npm run user:promote -- --email <email>` / `npm run user:demote -- --email <email>`:
 * changes a user's role and records it in audit_log, in one transaction. Admin routes
 * re-check the role on every request, so a demotion takes effect at once.
 */
const ROLE_FOR = { promote: "admin", demote: "user" } as const;

async function main() {
  const [command] = process.argv.slice(2);
  const { values } = parseArgs({ args: process.argv.slice(3), options: { email: { type: "string" } } });
  if ((command !== "promote" && command !== "demote") || !values.email) {
    throw new Error("usage: npm run user:promote -- --email <email>  |  npm run user:demote -- --email <email>");
  }
  const role = ROLE_FOR[command];
  const email = values.email.trim().toLowerCase();
  const pool = openPool(databaseSettingsFromEnv());
  try {
    const outcome = await drizzleOver(pool).transaction(async (tx) => {
      const [user] = await tx.select().from(users).where(sql`lower(${users.email}) = ${email}`).for("update");
      if (!user) throw new Error(`no user with email ${email}`);
      if (user.role === role) return `${user.email} is already ${role}`;
      await tx.update(users).set({ role, updatedAt: new Date() }).where(sql`${users.id} = ${user.id}`);
      await tx.insert(auditLog).values({ actorId: null, actor: "cli", action: `user.${command}`, target: user.id, details: { email: user.email, from: user.role, to: role } });
      return `${user.email}: ${user.role} → ${role}`;
    });
    console.log(outcome);
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(`user:${process.argv[2] ?? "role"} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
