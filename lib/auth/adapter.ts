import "server-only";
import type { Adapter, AdapterAccount, AdapterUser } from "next-auth/adapters";
import type { Database } from "@/db";
import {
  createVerificationToken,
  findUserByAccount,
  linkAccount,
  consumeVerificationToken,
} from "@/db/queries/auth-accounts";
import { createUser, findUserByEmail, getUser, updateUser } from "@/db/queries/users";
import type { User } from "@/db/schema";

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
      const created = await createUser(db, {
        email: user.email,
        name: user.name?.trim() || user.email.split("@")[0] || user.email,
        emailVerifiedAt: user.emailVerified ?? null,
      });
      return toAdapterUser(created);
    },
    async getUser(id) {
      const user = await getUser(db, id);
      return user ? toAdapterUser(user) : null;
    },
    async getUserByEmail(email) {
      const user = await findUserByEmail(db, email);
      return user ? toAdapterUser(user) : null;
    },
    async getUserByAccount(account) {
      const user = await findUserByAccount(db, account);
      return user ? toAdapterUser(user) : null;
    },
    async updateUser(user) {
      const updated = await updateUser(db, user.id, {
        ...(user.name ? { name: user.name } : {}),
        ...(user.emailVerified !== undefined ? { emailVerifiedAt: user.emailVerified } : {}),
      });
      if (!updated) throw new Error("no such user");
      return toAdapterUser(updated);
    },
    async linkAccount(account: AdapterAccount) {
      await linkAccount(db, {
        userId: account.userId,
        type: account.type,
        provider: account.provider,
        providerAccountId: account.providerAccountId,
      });
    },
    async createVerificationToken(token) {
      await createVerificationToken(db, token);
      return token;
    },
    async useVerificationToken(token) {
      return consumeVerificationToken(db, token);
    },
  };
}
