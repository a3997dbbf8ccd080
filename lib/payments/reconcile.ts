// Reconciliation: compares what the payment provider (Stripe, or the test-mode stand-in) says was
// paid with what Creditpool granted, and mends the difference. Webhooks are the normal path; this
// is the backstop for the ones that never arrived or were cut short (a crash between Stripe taking
// the money and the grant, a lost event, an attempt left half-done). Every repair goes through the
// same fulfilPurchase / failPurchase the webhooks use, so running it twice, or alongside a late
// webhook, changes nothing more: the grant is keyed by the payment.
import "server-only";
import { and, eq, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/db";
import { creditPurchases, type CreditPurchase } from "@/db/schema";
import { runAutoTopUpAttempt } from "@/lib/jobs/auto-top-up";
import { getPaymentsProvider } from "./index";
import { failPurchase, fulfilPurchase } from "./fulfilment";
import type { PaymentsProvider, ProviderPayment } from "./types";
import type { Deps } from "@/lib/deps";

export type ReconcileContext = Deps & { provider?: PaymentsProvider };

export type ReconcileOptions = {
  /** How far back to read the provider's payments (default 3 days). */
  lookbackMs?: number;
  /** Leave purchases younger than this to their webhooks (default 10 minutes). */
  settleAfterMs?: number;
  /** Only this workspace (an operator looking at one customer; tests). */
  workspaceId?: string;
};

export const DEFAULT_LOOKBACK_MS = 3 * 24 * 60 * 60_000;
export const DEFAULT_SETTLE_AFTER_MS = 10 * 60_000;
/** A checkout the provider has never heard of is abandoned after this long (Stripe's own limit). */
export const CHECKOUT_LIFETIME_MS = 24 * 60 * 60_000;
/** Uncharged auto top-ups older than this are not charged any more (Stripe keeps idempotency keys 24 h). */
export const UNCHARGED_ATTEMPT_LIMIT_MS = 23 * 60 * 60_000;

export type Repair = {
  purchaseId: string;
  workspaceId: string;
  paymentId: string | null;
  /** granted: paid, credits were missing and are added now; marked_paid: the grant existed, the purchase said otherwise. */
  action: "granted" | "marked_paid" | "recorded_failure" | "expired" | "charged";
  credits: number;
  detail: string;
};

export type Mismatch = {
  paymentId: string;
  purchaseId: string | null;
  amountCents: number;
  currency: string;
  reason: "unknown_purchase" | "amount_differs" | "workspace_differs";
};

export type ReconcileReport = {
  /** Provider payments read, and local purchases looked at. */
  paymentsChecked: number;
  purchasesChecked: number;
  repairs: Repair[];
  /** Paid at the provider but matching no purchase here: never granted automatically, for a person to look at. */
  mismatches: Mismatch[];
  /** Still open at the provider (awaiting the buyer, authentication or processing). */
  stillOpen: number;
  /** Another reconciliation of the same scope was running: this one did nothing. */
  skipped: boolean;
};

function mismatchOf(payment: ProviderPayment, purchase: CreditPurchase | null): Mismatch["reason"] | null {
  if (!purchase) return "unknown_purchase";
  if (payment.workspaceId && payment.workspaceId !== purchase.workspaceId) return "workspace_differs";
  if (payment.amountCents !== purchase.amountCents || payment.currency.toLowerCase() !== purchase.currency)
    return "amount_differs";
  return null;
}

/**
 * The purchases a batch of payments is for, in one query: by Checkout Session, by PaymentIntent, or
 * (an off-session charge whose PaymentIntent id never reached us: a crash right after the charge)
 * by the purchase id in its metadata.
 */
async function purchasesFor(
  db: Database,
  payments: ProviderPayment[],
): Promise<(payment: ProviderPayment) => CreditPurchase | null> {
  const sessions = payments.filter((p) => p.object === "checkout_session").map((p) => p.id);
  const intents = payments.flatMap((p) => (p.paymentIntentId ? [p.paymentIntentId] : []));
  const ids = payments.flatMap((p) => {
    const id = UUID.safeParse(p.purchaseId);
    return id.success ? [id.data] : [];
  });
  const conditions = [
    sessions.length ? inArray(creditPurchases.checkoutSessionId, sessions) : undefined,
    intents.length ? inArray(creditPurchases.paymentIntentId, intents) : undefined,
    ids.length ? inArray(creditPurchases.id, ids) : undefined,
  ].filter((c) => c !== undefined);
  const rows = conditions.length
    ? await db
        .select()
        .from(creditPurchases)
        .where(or(...conditions))
    : [];
  const index = (key: (row: CreditPurchase) => string | null) =>
    new Map(
      rows.flatMap((row) => {
        const value = key(row);
        return value ? [[value, row] as const] : [];
      }),
    );
  const bySession = index((row) => row.checkoutSessionId);
  const byIntent = index((row) => row.paymentIntentId);
  const byId = index((row) => row.id);
  return (payment) =>
    (payment.object === "checkout_session" ? bySession.get(payment.id) : undefined) ??
    (payment.paymentIntentId ? byIntent.get(payment.paymentIntentId) : undefined) ??
    (payment.purchaseId ? byId.get(payment.purchaseId) : undefined) ??
    null;
}

const UUID = z.uuid();

/** Provider payments are matched to purchases this many at a time (one query per batch). */
const MATCH_BATCH = 500;

/** Applies what the provider says about one payment to its purchase. Returns the repair made, if any. */
async function settle(
  ctx: ReconcileContext,
  purchase: CreditPurchase,
  payment: ProviderPayment,
): Promise<Repair | null> {
  const base = {
    purchaseId: purchase.id,
    workspaceId: purchase.workspaceId,
    paymentId: payment.id,
    credits: purchase.credits,
  };
  if (payment.status === "paid") {
    if (purchase.status === "paid" && purchase.ledgerEntryId !== null) return null;
    const outcome = await fulfilPurchase(
      { db: ctx.db, clock: ctx.clock },
      {
        purchaseId: purchase.id,
        checkoutSessionId: payment.object === "checkout_session" ? payment.id : null,
        paymentIntentId: payment.paymentIntentId,
      },
      { source: "reconciliation" },
    );
    if (outcome === "unknown_purchase") return null;
    return {
      ...base,
      action: outcome === "granted" ? "granted" : "marked_paid",
      detail:
        outcome === "granted"
          ? `paid at the provider with no grant (purchase was ${purchase.status}): credits added`
          : `the grant existed but the purchase was ${purchase.status}: marked paid`,
    };
  }
  if (purchase.status !== "pending") return null;
  if (payment.status === "failed" || payment.status === "expired") {
    const outcome = await failPurchase(
      { db: ctx.db, clock: ctx.clock },
      { purchaseId: purchase.id, paymentIntentId: payment.paymentIntentId },
      {
        status: payment.status,
        code: payment.failure?.code ?? (payment.status === "expired" ? "checkout_expired" : "payment_failed"),
        message:
          payment.failure?.message ||
          (payment.status === "expired"
            ? "The checkout expired without payment."
            : "The payment provider reports this payment failed."),
        eventId: `reconcile:${payment.id}`,
      },
    );
    if (outcome !== "failed") return null;
    return {
      ...base,
      action: payment.status === "expired" ? "expired" : "recorded_failure",
      detail: `${payment.status} at the provider; the purchase was still pending`,
    };
  }
  return null;
}

/** Expires a pending checkout the provider has no record of, once no buyer can still pay it. */
async function abandonUnknownCheckout(
  ctx: ReconcileContext,
  purchase: CreditPurchase,
): Promise<Repair | null> {
  const outcome = await failPurchase(
    { db: ctx.db, clock: ctx.clock },
    { purchaseId: purchase.id },
    {
      status: "expired",
      code: "checkout_expired",
      message: "The checkout expired without payment.",
      eventId: `reconcile:${purchase.checkoutSessionId ?? purchase.id}`,
    },
  );
  if (outcome !== "failed") return null;
  return {
    purchaseId: purchase.id,
    workspaceId: purchase.workspaceId,
    paymentId: purchase.checkoutSessionId,
    credits: purchase.credits,
    action: "expired",
    detail: "the provider has no such checkout and it is past its lifetime",
  };
}

/**
 * Finds and mends every difference between the provider's payments and the ledger:
 * 1. each payment the provider says was paid (in the lookback window) has its grant, once;
 * 2. each purchase still pending after `settleAfterMs` gets the provider's outcome: paid (grant),
 *    failed or expired (recorded, with credit_purchase_failed), or stays open;
 * 3. each auto top-up attempt that was never charged is charged now (once: the charge's idempotency
 *    key is the attempt), or given up when it is too old to charge safely.
 */
export async function reconcilePayments(
  ctx: ReconcileContext,
  options: ReconcileOptions = {},
): Promise<ReconcileReport> {
  // One reconciliation at a time (per scope), so two never ask for the same charge at once. A
  // session lock on a reserved connection: no transaction is held open while the provider is read.
  const connection = await ctx.db.$client.reserve();
  try {
    const scope = `creditpool:reconcile:${options.workspaceId ?? "all"}`;
    const [lock] = await connection<
      { locked: boolean }[]
    >`SELECT pg_try_advisory_lock(hashtext(${scope})) AS locked`;
    if (!lock?.locked) return { ...emptyReport(), skipped: true };
    try {
      return await reconcileUnlocked(ctx, options);
    } finally {
      await connection`SELECT pg_advisory_unlock(hashtext(${scope}))`;
    }
  } finally {
    connection.release();
  }
}

function emptyReport(): ReconcileReport {
  return {
    paymentsChecked: 0,
    purchasesChecked: 0,
    repairs: [],
    mismatches: [],
    stillOpen: 0,
    skipped: false,
  };
}

async function reconcileUnlocked(ctx: ReconcileContext, options: ReconcileOptions): Promise<ReconcileReport> {
  const provider = ctx.provider ?? getPaymentsProvider();
  const providerCtx = { db: ctx.db, clock: ctx.clock };
  const now = ctx.clock.now();
  const lookbackMs = options.lookbackMs ?? DEFAULT_LOOKBACK_MS;
  const settleAfterMs = options.settleAfterMs ?? DEFAULT_SETTLE_AFTER_MS;
  const report = emptyReport();

  // 1. What the provider took, matched to purchases a batch at a time.
  const checkPaid = async (paid: ProviderPayment[]) => {
    const purchaseOf = await purchasesFor(ctx.db, paid);
    for (const payment of paid) {
      const purchase = purchaseOf(payment);
      const reason = mismatchOf(payment, purchase);
      if (reason || !purchase) {
        report.mismatches.push({
          paymentId: payment.id,
          purchaseId: payment.purchaseId,
          amountCents: payment.amountCents,
          currency: payment.currency,
          reason: reason ?? "unknown_purchase",
        });
        continue;
      }
      const repair = await settle(ctx, purchase, payment);
      if (repair) report.repairs.push(repair);
    }
  };
  let paid: ProviderPayment[] = [];
  for await (const payment of provider.listPayments(new Date(now.getTime() - lookbackMs), providerCtx)) {
    if (options.workspaceId && payment.workspaceId !== options.workspaceId) continue;
    report.paymentsChecked += 1;
    if (payment.status !== "paid") continue;
    paid.push(payment);
    if (paid.length === MATCH_BATCH) {
      await checkPaid(paid);
      paid = [];
    }
  }
  await checkPaid(paid);

  // 2. What is still pending here.
  const settledBefore = new Date(now.getTime() - settleAfterMs);
  const inScope = options.workspaceId ? eq(creditPurchases.workspaceId, options.workspaceId) : undefined;
  const pending = await ctx.db
    .select()
    .from(creditPurchases)
    .where(
      and(
        inScope,
        eq(creditPurchases.status, "pending"),
        lt(creditPurchases.updatedAt, settledBefore),
        or(isNotNull(creditPurchases.checkoutSessionId), isNotNull(creditPurchases.paymentIntentId)),
      ),
    );
  for (const purchase of pending) {
    report.purchasesChecked += 1;
    const payment = await provider.retrievePayment(
      { checkoutSessionId: purchase.checkoutSessionId, paymentIntentId: purchase.paymentIntentId },
      providerCtx,
    );
    if (!payment) {
      const abandoned =
        purchase.kind === "one_time" && now.getTime() - purchase.createdAt.getTime() > CHECKOUT_LIFETIME_MS
          ? await abandonUnknownCheckout(ctx, purchase)
          : null;
      if (abandoned) report.repairs.push(abandoned);
      else report.stillOpen += 1;
      continue;
    }
    const reason = payment.status === "paid" ? mismatchOf(payment, purchase) : null;
    if (reason) {
      report.mismatches.push({
        paymentId: payment.id,
        purchaseId: purchase.id,
        amountCents: payment.amountCents,
        currency: payment.currency,
        reason,
      });
      continue;
    }
    const repair = await settle(ctx, purchase, payment);
    if (repair) report.repairs.push(repair);
    else if (payment.status === "open" || payment.status === "requires_action") report.stillOpen += 1;
  }

  // 3. Auto top-ups never charged (the job died before the charge call returned).
  const uncharged = await ctx.db
    .select()
    .from(creditPurchases)
    .where(
      and(
        inScope,
        eq(creditPurchases.kind, "auto_top_up"),
        eq(creditPurchases.status, "pending"),
        isNull(creditPurchases.paymentIntentId),
        lt(creditPurchases.createdAt, settledBefore),
      ),
    );
  for (const purchase of uncharged) {
    report.purchasesChecked += 1;
    const tooOld = now.getTime() - purchase.createdAt.getTime() > UNCHARGED_ATTEMPT_LIMIT_MS;
    if (tooOld) {
      const expired = await ctx.db
        .update(creditPurchases)
        .set({
          status: "expired",
          failureCode: "never_charged",
          failureMessage: "This auto top-up was never charged, and is too old to charge now.",
          updatedAt: now,
        })
        .where(and(eq(creditPurchases.id, purchase.id), eq(creditPurchases.status, "pending")))
        .returning({ id: creditPurchases.id });
      if (expired.length)
        report.repairs.push({
          purchaseId: purchase.id,
          workspaceId: purchase.workspaceId,
          paymentId: null,
          credits: purchase.credits,
          action: "expired",
          detail: "auto top-up never charged and older than the charge's idempotency window",
        });
      continue;
    }
    const outcome = await runAutoTopUpAttempt({ db: ctx.db, clock: ctx.clock, provider }, purchase.id);
    if (outcome === "not_pending" || outcome === "waiting_for_webhook") continue;
    report.repairs.push({
      purchaseId: purchase.id,
      workspaceId: purchase.workspaceId,
      paymentId: null,
      credits: purchase.credits,
      action: outcome === "charged" ? "charged" : outcome === "cancelled" ? "expired" : "recorded_failure",
      detail: `auto top-up that was never charged: ${outcome}`,
    });
  }
  return report;
}
