// Reconciliation: compares what the payment provider (Stripe, or the test-mode stand-in) says was
// paid with what Creditpool granted, and mends the difference. Webhooks are the normal path; this
// is the backstop for the ones that never arrived or were cut short (a crash between Stripe taking
// the money and the grant, a lost event, an attempt left half-done). Every repair goes through the
// same fulfilPurchase / failPurchase the webhooks use, so running it twice, or alongside a late
// webhook, changes nothing more: the grant is keyed by the payment.
import "server-only";
import type { Database } from "@/db";
import { listUnchargedAutoTopUps } from "@/db/queries/auto-top-up";
import {
  expirePendingPurchase,
  listStalePendingPurchases,
  withReconciliationLock,
} from "@/db/queries/purchases";
import { runAutoTopUpAttempt } from "./auto-top-up-charge";
import { getPaymentsProvider } from "./index";
import { mismatchOf, purchasesFor, type Mismatch } from "./reconcile-match";
import { abandonUnknownCheckout, settle, type ReconcileContext, type Repair } from "./reconcile-repair";
import { reconcileReversals, type ReversalsReport } from "./reconcile-reversals";
import type { PaymentsProvider, ProviderPayment } from "./types";

export type ReconcileOptions = {
  /**
   * Where the reconciliation lock (a session advisory lock) is taken: a direct connection, not a
   * transaction pooler, which may run the unlock on another server connection. Default: ctx.db.
   */
  sessionDb?: Database;
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

export type ReconcileReport = {
  /** Provider payments read, and local purchases looked at. */
  paymentsChecked: number;
  purchasesChecked: number;
  repairs: Repair[];
  /** Paid at the provider but matching no purchase here: never granted automatically, for a person to look at. */
  mismatches: Mismatch[];
  /** Still open at the provider (awaiting the buyer, authentication or processing). */
  stillOpen: number;
  /** Refunds and disputes read from the provider, and those applied now (their webhook was lost). */
  reversals: ReversalsReport;
  /** Another reconciliation of the same scope was running: this one did nothing. */
  skipped: boolean;
  /** When the work ran, inside the lock (real time, ms): how the scale test sees runs never overlap. */
  ran?: { from: number; to: number };
};

/** Provider payments are matched to purchases this many at a time (one query per batch). */
const MATCH_BATCH = 500;

/**
 * Finds and mends every difference between the provider's payments and the ledger:
 * 1. each payment the provider says was paid (in the lookback window) has its grant, once;
 * 2. each purchase still pending after `settleAfterMs` gets the provider's outcome: paid (grant),
 *    failed or expired (recorded, with credit_purchase_failed), or stays open;
 * 3. each auto top-up attempt that was never charged is charged now (once: the charge's idempotency
 *    key is the attempt), or given up when it is too old to charge safely;
 * 4. each refund or dispute the provider made in the lookback window is applied, once.
 */
export async function reconcilePayments(
  ctx: ReconcileContext,
  options: ReconcileOptions = {},
): Promise<ReconcileReport> {
  // One reconciliation at a time (per scope), so two never ask for the same charge at once.
  const report = await withReconciliationLock(options.sessionDb ?? ctx.db, options.workspaceId, async () => {
    const from = Date.now();
    const done = await reconcileUnlocked(ctx, options);
    return { ...done, ran: { from, to: Date.now() } };
  });
  return report ?? { ...emptyReport(), skipped: true };
}

function emptyReport(): ReconcileReport {
  return {
    paymentsChecked: 0,
    purchasesChecked: 0,
    repairs: [],
    mismatches: [],
    stillOpen: 0,
    reversals: { checked: 0, applied: [] },
    skipped: false,
  };
}

type Run = {
  ctx: ReconcileContext;
  provider: PaymentsProvider;
  providerCtx: { db: ReconcileContext["db"]; clock: ReconcileContext["clock"] };
  now: Date;
  options: ReconcileOptions;
  /** Purchases last changed before this are no longer left to their webhooks. */
  settledBefore: Date;
  report: ReconcileReport;
};

async function reconcileUnlocked(ctx: ReconcileContext, options: ReconcileOptions): Promise<ReconcileReport> {
  const now = ctx.clock.now();
  const run: Run = {
    ctx,
    provider: ctx.provider ?? getPaymentsProvider(),
    providerCtx: { db: ctx.db, clock: ctx.clock },
    now,
    options,
    settledBefore: new Date(now.getTime() - (options.settleAfterMs ?? DEFAULT_SETTLE_AFTER_MS)),
    report: emptyReport(),
  };
  await checkPaidPayments(run);
  await settlePendingPurchases(run);
  await chargeUnchargedAutoTopUps(run);
  run.report.reversals = await reconcileReversals(
    run.providerCtx,
    run.provider,
    new Date(now.getTime() - (options.lookbackMs ?? DEFAULT_LOOKBACK_MS)),
    { workspaceId: options.workspaceId },
  );
  return run.report;
}

/** 1. What the provider took (in the lookback window), matched to purchases a batch at a time. */
async function checkPaidPayments(run: Run): Promise<void> {
  const { ctx, provider, providerCtx, now, report, options } = run;
  const lookbackMs = options.lookbackMs ?? DEFAULT_LOOKBACK_MS;
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
}

/** 2. Purchases still pending here: the provider's outcome, or an abandoned checkout expired. */
async function settlePendingPurchases(run: Run): Promise<void> {
  const { ctx, provider, providerCtx, now, report, options, settledBefore } = run;
  const pending = await listStalePendingPurchases(ctx.db, {
    updatedBefore: settledBefore,
    workspaceId: options.workspaceId,
  });
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
}

/** 3. Auto top-ups never charged (the job died before the charge call returned). */
async function chargeUnchargedAutoTopUps(run: Run): Promise<void> {
  const { ctx, provider, now, report, options, settledBefore } = run;
  const uncharged = await listUnchargedAutoTopUps(ctx.db, {
    createdBefore: settledBefore,
    workspaceId: options.workspaceId,
  });
  for (const purchase of uncharged) {
    report.purchasesChecked += 1;
    const tooOld = now.getTime() - purchase.createdAt.getTime() > UNCHARGED_ATTEMPT_LIMIT_MS;
    if (tooOld) {
      const expired = await expirePendingPurchase(ctx.db, purchase.id, {
        code: "never_charged",
        message: "This auto top-up was never charged, and is too old to charge now.",
        at: now,
      });
      if (expired)
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
}
