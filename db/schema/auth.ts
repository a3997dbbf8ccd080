// Sign-in: OAuth accounts and magic-link tokens (next-auth adapter tables) and the throttle that
// slows repeated failed password sign-ins down.
import { index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { ownedBy, randomId } from "./columns";
import { users } from "./users";

export const authAccounts = pgTable(
  "auth_accounts",
  {
    userId: ownedBy(() => users.id),
    type: text().notNull(),
    provider: text().notNull(),
    providerAccountId: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

/** Magic-link tokens; next-auth stores only a hash of the token it mails. */
export const authVerificationTokens = pgTable(
  "auth_verification_tokens",
  {
    identifier: text().notNull(),
    token: text().notNull(),
    expires: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

/** Failed password sign-ins per email address, for slowing down guessing. */
export const signInThrottle = pgTable("sign_in_throttle", {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  windowStartedAt: timestamp({ withTimezone: true }).notNull(),
  blockedUntil: timestamp({ withTimezone: true }),
});

/**
 * Counters for the public doors (sign-in by address, sign-up by address and email, invitations):
 * one row per key and fixed window, counted in one statement so parallel requests count each.
 */
export const requestLimits = pgTable("request_limits", {
  /** "sign-up:ip:203.0.113.7", "sign-up:email:ana@example.com", … */
  key: text().primaryKey(),
  count: integer().notNull(),
  windowStartedAt: timestamp({ withTimezone: true }).notNull(),
});

/**
 * One row per signed-in session (the session cookie carries its id). Signing out ends it here, so a
 * copied cookie stops working at once instead of living on until it expires.
 */
export const authSessions = pgTable(
  "auth_sessions",
  {
    id: randomId(),
    userId: ownedBy(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("auth_sessions_user_idx").on(t.userId)],
);
