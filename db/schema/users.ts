import { pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { randomId } from "./columns";
import { sql } from "drizzle-orm";

export const users = pgTable(
  "users",
  {
    id: randomId(),
    email: text().notNull(),
    name: text().notNull(),
    /** Null for accounts that only sign in through an OAuth provider or magic link. */
    passwordHash: text(),
    /** Set when the address was proven (a magic link or a trusted OAuth provider). */
    emailVerifiedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
