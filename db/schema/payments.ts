// Buying credits: one row per checkout, the Stripe events already handled, and the credit events
// (credit_purchase_failed, ...) that notifications deliver.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { ownedBy, sameWorkspace, tenantPrimaryKey, tenantRowId } from "./columns";
import { users } from "./users";
import { memberships, workspaces } from "./workspaces";

export const purchaseStatusEnum = pgEnum("purchase_status", ["pending", "paid", "failed", "expired"]);
export const purchaseKindEnum = pgEnum("purchase_kind", ["one_time", "auto_top_up"]);
export const paymentProviderEnum = pgEnum("payment_provider", ["stripe", "test"]);

export const creditPurchases = pgTable(
  "credit_purchases",
  {
    id: tenantRowId(),
    workspaceId: ownedBy(() => workspaces.id),
    kind: purchaseKindEnum().notNull().default("one_time"),
    provider: paymentProviderEnum().notNull(),
    credits: bigint({ mode: "number" }).notNull(),
    amountCents: bigint({ mode: "number" }).notNull(),
    currency: text().notNull().default("usd"),
    status: purchaseStatusEnum().notNull().default("pending"),
    /** The Checkout Session (or the test-mode stand-in's) that collects the payment. */
    checkoutSessionId: text(),
    paymentIntentId: text(),
    /** The buyer's request for a purchase with the card on file: repeats of it make no second purchase. */
    requestId: uuid(),
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
    tenantPrimaryKey(t),
    // Provider ids first: Stripe's webhooks find the purchase by them alone (docs/SCALING.md).
    unique("credit_purchases_checkout_session_unique").on(t.checkoutSessionId, t.workspaceId),
    unique("credit_purchases_payment_intent_unique").on(t.paymentIntentId, t.workspaceId),
    index("credit_purchases_workspace_idx").on(t.workspaceId, t.createdAt.desc()),
    uniqueIndex("credit_purchases_request_idx").on(t.workspaceId, t.requestId),
    check("credit_purchases_credits_positive", sql`${t.credits} > 0`),
    check("credit_purchases_amount_non_negative", sql`${t.amountCents} >= 0`),
    // At most one auto top-up in flight per workspace, however many spends cross the threshold at once.
    uniqueIndex("credit_purchases_one_auto_top_up_in_flight")
      .on(t.workspaceId)
      .where(sql`${t.kind} = 'auto_top_up' AND ${t.status} = 'pending'`),
    index("credit_purchases_auto_top_up_idx")
      .on(t.workspaceId, t.createdAt)
      .where(sql`${t.kind} = 'auto_top_up'`),
  ],
);

/**
 * A workspace's auto top-up settings and its default payment method for off-session charges. The
 * row is kept when auto top-up is switched off, so the dialog remembers the last values. While it
 * is on, credit_accounts.auto_top_up_threshold mirrors `threshold` (the trigger reads that).
 */
export const autoTopUpSettings = pgTable(
  "auto_top_up_settings",
  {
    workspaceId: uuid()
      .primaryKey()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    isEnabled: boolean().notNull().default(false),
    /** Start a top-up when a spend takes the balance below this many credits. */
    threshold: bigint({ mode: "number" }).notNull(),
    /** Credits bought per top-up, and their price in cents (bundle prices apply). */
    credits: bigint({ mode: "number" }).notNull(),
    amountCents: bigint({ mode: "number" }).notNull(),
    currency: text().notNull().default("usd"),
    /** Most auto top-ups may charge in a calendar month of the workspace's time zone; null: no cap. */
    monthlyCapCents: bigint({ mode: "number" }),
    /** Who charges the card: Stripe, or the test-mode stand-in. */
    provider: paymentProviderEnum(),
    paymentMethodId: text(),
    paymentMethodBrand: text(),
    paymentMethodLast4: text(),
    /** Failed charges since the last success; at 3 auto top-up switches itself off. */
    consecutiveFailures: integer().notNull().default(0),
    /** Why auto top-up switched itself off ("three_failed_charges"); cleared when it is switched on. */
    disabledReason: text(),
    disabledAt: timestamp({ withTimezone: true }),
    /** Last time a top-up was not started because it would have passed the monthly cap. */
    capReachedAt: timestamp({ withTimezone: true }),
    updatedByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    check(
      "auto_top_up_settings_threshold_range",
      sql`${t.threshold} >= 0 AND ${t.threshold} <= ${t.credits}`,
    ),
    check("auto_top_up_settings_credits_positive", sql`${t.credits} > 0 AND ${t.amountCents} >= 0`),
    check("auto_top_up_settings_cap_positive", sql`${t.monthlyCapCents} IS NULL OR ${t.monthlyCapCents} > 0`),
    check(
      "auto_top_up_settings_enabled_has_card",
      sql`NOT ${t.isEnabled} OR (${t.paymentMethodId} IS NOT NULL AND ${t.provider} IS NOT NULL)`,
    ),
  ],
);

export const providerPaymentStatusEnum = pgEnum("provider_payment_status", [
  "paid",
  "failed",
  "expired",
  "requires_action",
]);

/**
 * The test-mode stand-in's own record of payments, as Stripe's account would hold them: written when
 * a test checkout is paid or an off-session test charge is made, before the webhook event is sent.
 * Reconciliation reads it (through the payments provider) exactly as it reads Stripe.
 */
export const testModePayments = pgTable(
  "test_mode_payments",
  {
    /** cs_test_local_… for a checkout, pi_test_local_… for an off-session charge. */
    id: text().notNull(),
    object: text({ enum: ["checkout_session", "payment_intent"] }).notNull(),
    /** The metadata the payment carries; like Stripe's, not a foreign key. */
    purchaseId: uuid().notNull(),
    workspaceId: ownedBy(() => workspaces.id),
    paymentIntentId: text(),
    status: providerPaymentStatusEnum().notNull(),
    amountCents: bigint({ mode: "number" }).notNull(),
    currency: text().notNull(),
    failureCode: text(),
    failureMessage: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [tenantPrimaryKey(t), index("test_mode_payments_created_idx").on(t.createdAt)],
);

/**
 * The test-mode stand-in's saved cards, as a Stripe customer's attached PaymentMethods would be: one
 * row per card added to the workspace's customer. `testCard` says which of Stripe's test cards it is,
 * so a charge behaves as that card would (succeeds, is declined, asks for 3-D Secure).
 */
export const testModePaymentMethods = pgTable(
  "test_mode_payment_methods",
  {
    /** pm_test_local_… */
    id: text().notNull(),
    workspaceId: ownedBy(() => workspaces.id),
    testCard: text().notNull(),
    brand: text().notNull(),
    last4: text().notNull(),
    expMonth: integer().notNull(),
    expYear: integer().notNull(),
    /** The customer's invoice_settings.default_payment_method: the subscription's and purchases' card. */
    isDefault: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    tenantPrimaryKey(t),
    index("test_mode_payment_methods_workspace_idx").on(t.workspaceId, t.createdAt),
    uniqueIndex("test_mode_payment_methods_one_default")
      .on(t.workspaceId)
      .where(sql`${t.isDefault}`),
  ],
);

export const reversalKindEnum = pgEnum("reversal_kind", ["refund", "dispute"]);
export const reversalStatusEnum = pgEnum("reversal_status", [
  /** A refund that went through (Stripe's `succeeded`). */
  "succeeded",
  /** A refund Stripe has not finished yet, or one that failed or was cancelled (nothing is taken back). */
  "pending",
  "failed",
  "canceled",
  /** A dispute the cardholder opened: the purchase's remaining credits are held. */
  "open",
  /** A dispute decided in the workspace's favour (held credits released) or against it (taken back). */
  "won",
  "lost",
]);

/**
 * Money that went back: one row per refund (re_…) or dispute (dp_…) of a paid purchase, auto top-up
 * or plan payment, as the provider reported it. The credits it takes back or holds move through the
 * ledger (keyed by the provider id); this row is what the receipts, the invoices list and
 * reconciliation read.
 */
export const paymentReversals = pgTable(
  "payment_reversals",
  {
    id: tenantRowId(),
    workspaceId: ownedBy(() => workspaces.id),
    kind: reversalKindEnum().notNull(),
    provider: paymentProviderEnum().notNull(),
    /** The provider's id of the refund or dispute: re_…, dp_… (or their test-mode stand-ins). */
    providerId: text().notNull(),
    /** The charge it reverses, and its PaymentIntent where there is one. */
    chargeId: text(),
    paymentIntentId: text(),
    /** What was paid: a credit purchase or auto top-up, or a plan payment (its invoice id). */
    purchaseId: uuid(),
    planInvoiceId: text(),
    /** Money going back (a refund) or disputed, in the currency's smallest unit. */
    amountCents: bigint({ mode: "number" }).notNull(),
    currency: text().notNull().default("usd"),
    status: reversalStatusEnum().notNull(),
    /** The provider's reason (requested_by_customer, fraudulent, ...). */
    reason: text(),
    /** Credits this reversal takes back (refund, lost dispute) or holds (open dispute). */
    credits: bigint({ mode: "number" }).notNull().default(0),
    /** Of those, taken from what was left of the purchase, and owed by the workspace (already spent). */
    creditsTaken: bigint({ mode: "number" }).notNull().default(0),
    creditsOwed: bigint({ mode: "number" }).notNull().default(0),
    /** The ledger entry that applied it, once applied. */
    ledgerEntryId: bigint({ mode: "number" }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    closedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    tenantPrimaryKey(t),
    sameWorkspace("payment_reversals_purchase_fk", t.purchaseId, t.workspaceId, creditPurchases, "set null"),
    uniqueIndex("payment_reversals_provider_id_idx").on(t.workspaceId, t.providerId),
    index("payment_reversals_purchase_idx").on(t.purchaseId),
    index("payment_reversals_workspace_idx").on(t.workspaceId, t.createdAt.desc()),
    check("payment_reversals_amount_non_negative", sql`${t.amountCents} >= 0`),
    check(
      "payment_reversals_credits_add_up",
      sql`${t.credits} >= 0 AND ${t.creditsTaken} >= 0 AND ${t.creditsOwed} >= 0 AND ${t.creditsTaken} + ${t.creditsOwed} <= ${t.credits}`,
    ),
  ],
);

/**
 * The test-mode stand-in's own record of refunds and disputes, as Stripe's account would hold them:
 * written by the test portal's Refund / Open dispute / Win / Lose before the webhook event is sent,
 * so reconciliation finds one whose event was lost exactly as it finds Stripe's.
 */
export const testModeReversals = pgTable(
  "test_mode_reversals",
  {
    /** re_test_local_… or dp_test_local_… */
    id: text().notNull(),
    kind: reversalKindEnum().notNull(),
    workspaceId: ownedBy(() => workspaces.id),
    /** ch_test_local_…: the charge of the payment it reverses. */
    chargeId: text().notNull(),
    paymentIntentId: text().notNull(),
    amountCents: bigint({ mode: "number" }).notNull(),
    currency: text().notNull(),
    /** Stripe's status words: succeeded (refund); needs_response, won, lost (dispute). */
    status: text().notNull(),
    reason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    tenantPrimaryKey(t),
    index("test_mode_reversals_charge_idx").on(t.chargeId, t.createdAt),
    index("test_mode_reversals_updated_idx").on(t.updatedAt),
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
  "credit_purchase_refunded",
  "credit_purchase_disputed",
  "member_limit_warning",
  "member_limit_reached",
  "member_limit_requested",
  "member_limit_request_decided",
]);

/** Credit events (and member limit events), written in the same transaction as what caused them. */
export const creditEvents = pgTable(
  "credit_events",
  {
    id: tenantRowId(),
    workspaceId: ownedBy(() => workspaces.id),
    type: creditEventTypeEnum().notNull(),
    /** Makes raising the same event twice a no-op (e.g. the purchase id for a failure). */
    dedupeKey: text().notNull(),
    payload: jsonb().notNull().default({}),
    /** The member a member_limit_* event is about (its recipients follow from it); null for the others. */
    membershipId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    tenantPrimaryKey(t),
    unique("credit_events_dedupe_key_unique").on(t.dedupeKey, t.workspaceId),
    sameWorkspace("credit_events_membership_fk", t.membershipId, t.workspaceId, memberships),
    index("credit_events_workspace_idx").on(t.workspaceId, t.createdAt.desc()),
  ],
);

export type CreditPurchase = typeof creditPurchases.$inferSelect;
export type NewCreditPurchase = typeof creditPurchases.$inferInsert;
export type AutoTopUpSettings = typeof autoTopUpSettings.$inferSelect;
export type NewAutoTopUpSettings = typeof autoTopUpSettings.$inferInsert;
export type TestModePayment = typeof testModePayments.$inferSelect;
export type NewTestModePayment = typeof testModePayments.$inferInsert;
export type TestModePaymentMethod = typeof testModePaymentMethods.$inferSelect;
export type PaymentReversal = typeof paymentReversals.$inferSelect;
export type NewPaymentReversal = typeof paymentReversals.$inferInsert;
export type TestModeReversal = typeof testModeReversals.$inferSelect;
export type CreditEvent = typeof creditEvents.$inferSelect;
export type CreditEventType = (typeof creditEventTypeEnum.enumValues)[number];
