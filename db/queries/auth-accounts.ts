// next-auth's adapter tables: OAuth accounts linked to a user, and magic-link tokens (lib/auth/adapter.ts).
import "server-only";
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { authAccounts, authVerificationTokens, users, type User } from "@/db/schema";

/** The user an OAuth account is linked to; null if none. */
export async function findUserByAccount(
  db: Executor,
  account: { provider: string; providerAccountId: string },
): Promise<User | null> {
  const [row] = await db
    .select({ user: users })
    .from(authAccounts)
    .innerJoin(users, eq(users.id, authAccounts.userId))
    .where(
      and(
        eq(authAccounts.provider, account.provider),
        eq(authAccounts.providerAccountId, account.providerAccountId),
      ),
    );
  return row?.user ?? null;
}

/** Links an OAuth account to a user (linking it again is a no-op). */
export async function linkAccount(
  db: Executor,
  account: { userId: string; type: string; provider: string; providerAccountId: string },
): Promise<void> {
  await db.insert(authAccounts).values(account).onConflictDoNothing();
}

export async function createVerificationToken(
  db: Executor,
  token: { identifier: string; token: string; expires: Date },
): Promise<void> {
  await db.insert(authVerificationTokens).values(token);
}

/** Uses a magic-link token up: deletes it and returns it, or null when there was none. */
export async function consumeVerificationToken(db: Executor, token: { identifier: string; token: string }) {
  const [used] = await db
    .delete(authVerificationTokens)
    .where(
      and(
        eq(authVerificationTokens.identifier, token.identifier),
        eq(authVerificationTokens.token, token.token),
      ),
    )
    .returning();
  return used ?? null;
}
