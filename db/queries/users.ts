// People: one row per account, whichever way they sign in. Emails are stored lower-cased and found
// case-insensitively (the unique index is on lower(email)).
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { users, type User } from "@/db/schema";

export async function createUser(
  db: Executor,
  input: { email: string; name: string; passwordHash?: string | null; emailVerifiedAt?: Date | null },
) {
  const [user] = await db
    .insert(users)
    .values({
      email: input.email.toLowerCase(),
      name: input.name,
      passwordHash: input.passwordHash ?? null,
      emailVerifiedAt: input.emailVerifiedAt ?? null,
    })
    .returning();
  if (!user) throw new Error("user insert returned nothing");
  return user;
}

export async function getUser(db: Executor, userId: string): Promise<User | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  return user ?? null;
}

/** The account with this email, whatever its case; null if none. */
export async function findUserByEmail(db: Executor, email: string): Promise<User | null> {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return user ?? null;
}

/** Changes a user's name and when their email was proven; null when there is no such user. */
export async function updateUser(
  db: Executor,
  userId: string,
  changes: { name?: string; emailVerifiedAt?: Date | null },
): Promise<User | null> {
  const [updated] = await db.update(users).set(changes).where(eq(users.id, userId)).returning();
  return updated ?? null;
}

export async function setPasswordHash(db: Executor, userId: string, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

/**
 * Replaces a user's password hash if it is still `from` (the one the new password was checked
 * against), so of two changes made at once only one lands. False when it had changed meanwhile.
 */
export async function replacePasswordHash(
  db: Executor,
  input: { userId: string; from: string; to: string },
): Promise<boolean> {
  const changed = await db
    .update(users)
    .set({ passwordHash: input.to })
    .where(and(eq(users.id, input.userId), eq(users.passwordHash, input.from)))
    .returning({ id: users.id });
  return changed.length > 0;
}
