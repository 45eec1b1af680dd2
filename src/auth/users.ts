import { eq, sql } from "drizzle-orm";
import type { Database } from "../db";
import { users, type User } from "../db/schema";
import { AppError } from "../http/errors";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Database, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${normalizeEmail(email)}`).limit(1);
  return user;
}

export async function findUserById(db: Database, id: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return user;
}

const UNIQUE_VIOLATION = "23505";

export async function insertUser(db: Database, values: { email: string; passwordHash: string; displayName?: string }): Promise<User> {
  try {
    const [user] = await db.insert(users).values({ ...values, email: values.email.trim() }).returning();
    return user!;
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION || (error as { cause?: { code?: string } }).cause?.code === UNIQUE_VIOLATION) {
      throw new AppError("EMAIL_TAKEN", "An account with this email already exists");
    }
    throw error;
  }
}

/** What a user may see of their own account: never the password hash. */
export interface PublicUser {
  id: string;
  email: string;
  role: User["role"];
  displayName: string | null;
  createdAt: string;
}

export function toPublicUser(user: User): PublicUser {
  return { id: user.id, email: user.email, role: user.role, displayName: user.displayName, createdAt: user.createdAt.toISOString() };
}
