// Buying credits: one row per checkout, the Stripe events already handled, and the credit events
// (credit_purchase_failed, ...) that notifications deliver.
import { sql } from "drizzle-orm";
import { bigint, check, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";
import { workspaces } from "./workspaces";

export const purchaseStatusEnum = pgEnum("purchase_status", ["pending", "paid", "failed", "expired"]);
export const purchaseKindEnum = pgEnum("purchase_kind", ["one_time", "auto_top_up"]);
export const paymentProviderEnum = pgEnum("payment_provider", ["stripe", "test"]);

export const creditPurchases = pgTable(
  "credit_purchases",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    kind: purchaseKindEnum().notNull().default("one_time"),
    provider: paymentProviderEnum().notNull(),
    credits: bigint({ mode: "number" }).notNull(),
    amountCents: bigint({ mode: "number" }).notNull(),
    currency: text().notNull().default("usd"),
    status: purchaseStatusEnum().notNull().default("pending"),
    /** The Checkout Session (or the test-mode stand-in's) that collects the payment. */
    checkoutSessionId: text().unique(),
    paymentIntentId: text().unique(),
    failureCode: text(),
    failureMessage: text(),
    /** The ledger entry that added the credits, once paid. */
    ledgerEntryId: bigint({ mode: "number" }),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    paidAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("credit_purchases_workspace_idx").on(t.workspaceId, t.createdAt.desc()),
    check("credit_purchases_credits_positive", sql`${t.credits} > 0`),
    check("credit_purchases_amount_non_negative", sql`${t.amountCents} >= 0`),
  ],
);

/** Stripe events already handled: a replayed or duplicated event is acknowledged and skipped. */
export const stripeEvents = pgTable("stripe_events", {
  id: text().primaryKey(),
  type: text().notNull(),
  receivedAt: timestamp({ withTimezone: true }).notNull(),
});

export const creditEventTypeEnum = pgEnum("credit_event_type", [
  "credit_balance_low",
  "credit_balance_depleted",
  "credit_auto_recharge_triggered",
  "credit_purchase_failed",
]);

/** Credit events for owners and admins, written in the same transaction as what caused them. */
export const creditEvents = pgTable(
  "credit_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    type: creditEventTypeEnum().notNull(),
    /** Makes raising the same event twice a no-op (e.g. the purchase id for a failure). */
    dedupeKey: text().notNull().unique(),
    payload: jsonb().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("credit_events_workspace_idx").on(t.workspaceId, t.createdAt.desc())],
);

export type CreditPurchase = typeof creditPurchases.$inferSelect;
export type CreditEvent = typeof creditEvents.$inferSelect;
export type CreditEventType = (typeof creditEventTypeEnum.enumValues)[number];
