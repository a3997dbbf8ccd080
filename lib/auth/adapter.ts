import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Adapter, AdapterAccount, AdapterUser } from "next-auth/adapters";
import type { Database } from "@/db";
import { authAccounts, authVerificationTokens, users, type User } from "@/db/schema";

function toAdapterUser(user: User): AdapterUser {
  return { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerifiedAt };
}

/**
 * The next-auth adapter for OAuth accounts and magic-link tokens. Sessions are JWTs that carry
 * only the user id, so the session methods are not needed.
 */
export function drizzleAdapter(db: Database): Adapter {
  return {
    async createUser(user: Omit<AdapterUser, "id">) {
      const [created] = await db
        .insert(users)
        .values({
          email: user.email.toLowerCase(),
          name: user.name?.trim() || user.email.split("@")[0] || user.email,
          emailVerifiedAt: user.emailVerified ?? null,
        })
        .returning();
      if (!created) throw new Error("user insert returned nothing");
      return toAdapterUser(created);
    },
    async getUser(id) {
      const [user] = await db.select().from(users).where(eq(users.id, id));
      return user ? toAdapterUser(user) : null;
    },
    async getUserByEmail(email) {
      const [user] = await db
        .select()
        .from(users)
        .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
      return user ? toAdapterUser(user) : null;
    },
    async getUserByAccount({ provider, providerAccountId }) {
      const [row] = await db
        .select({ user: users })
        .from(authAccounts)
        .innerJoin(users, eq(users.id, authAccounts.userId))
        .where(
          and(eq(authAccounts.provider, provider), eq(authAccounts.providerAccountId, providerAccountId)),
        );
      return row ? toAdapterUser(row.user) : null;
    },
    async updateUser(user) {
      const [updated] = await db
        .update(users)
        .set({
          ...(user.name ? { name: user.name } : {}),
          ...(user.emailVerified !== undefined ? { emailVerifiedAt: user.emailVerified } : {}),
        })
        .where(eq(users.id, user.id))
        .returning();
      if (!updated) throw new Error("no such user");
      return toAdapterUser(updated);
    },
    async linkAccount(account: AdapterAccount) {
      await db
        .insert(authAccounts)
        .values({
          userId: account.userId,
          type: account.type,
          provider: account.provider,
          providerAccountId: account.providerAccountId,
        })
        .onConflictDoNothing();
    },
    async createVerificationToken(token) {
      await db.insert(authVerificationTokens).values(token);
      return token;
    },
    async useVerificationToken({ identifier, token }) {
      const [used] = await db
        .delete(authVerificationTokens)
        .where(
          and(eq(authVerificationTokens.identifier, identifier), eq(authVerificationTokens.token, token)),
        )
        .returning();
      return used ?? null;
    },
  };
}
