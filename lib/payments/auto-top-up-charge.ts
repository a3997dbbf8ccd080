// Charging an auto top-up, from the job queue and outside the spend that started it. The spend's
// trigger (migration auto_top_up_trigger) inserted one pending auto_top_up purchase and woke the
// worker; this charges the workspace's saved card off-session, once per attempt (the idempotency
// key is the purchase id), and leaves the outcome to the webhook handling: credits are added only
// from a verified payment_intent.succeeded. A failure the charge call answers is recorded at once
// as well (the same failPurchase the webhook uses; whichever comes second is a no-op).
import "server-only";
import type { CreditPurchase, Workspace } from "@/db/schema";
import {
  expireUnconfirmedAutoTopUps,
  getAutoTopUpAttempt,
  listUnchargedAutoTopUps,
  setAttemptPaymentIntent,
} from "@/db/queries/auto-top-up";
import { getFirstOwnerEmail } from "@/db/queries/members";
import { expirePendingPurchase } from "@/db/queries/purchases";
import { allowsAutoTopUp } from "@/lib/billing/auto-top-up";
import { switchOffAutoTopUpForPlan } from "@/lib/subscriptions/plan-effects";
import { getPaymentsProvider, type PaymentsProvider } from "./index";
import { ensureWorkspaceCustomer } from "./customer";
import { failPurchase } from "./fulfilment";
import { systemKey } from "@/lib/ledger/keys";
import type { Deps } from "@/lib/deps";
import { getMetrics } from "@/lib/metrics/registry";

export type AutoTopUpContext = Deps & { provider?: PaymentsProvider };

export type AttemptOutcome =
  "not_pending" | "charged" | "failed" | "processing" | "waiting_for_webhook" | "cancelled";

/** Attempts still pending this long after their charge are given up (a webhook never came). */
export const CONFIRMATION_TIMEOUT_MS = 30 * 60_000;
/** Pending attempts never charged after this long were missed by the wake-up: the sweep runs them. */
export const SWEEP_AFTER_MS = 15_000;

export function attemptIdempotencyKey(purchaseId: string): string {
  return systemKey("auto-top-up", purchaseId);
}

async function cancel(ctx: AutoTopUpContext, purchase: CreditPurchase, message: string) {
  await expirePendingPurchase(ctx.db, purchase.id, { code: "auto_top_up_off", message, at: ctx.clock.now() });
}

async function switchOffForPlan(ctx: AutoTopUpContext, workspace: Workspace) {
  await ctx.db.transaction((tx) => switchOffAutoTopUpForPlan(tx, workspace, ctx.clock.now()));
}

/** Charges one pending auto top-up attempt. Safe to run twice or on two workers at once. */
export async function runAutoTopUpAttempt(
  ctx: AutoTopUpContext,
  purchaseId: string,
): Promise<AttemptOutcome> {
  const outcome = await chargeAutoTopUpAttempt(ctx, purchaseId);
  getMetrics().autoTopUpAttempts.inc({ outcome });
  return outcome;
}

async function chargeAutoTopUpAttempt(ctx: AutoTopUpContext, purchaseId: string): Promise<AttemptOutcome> {
  const row = await getAutoTopUpAttempt(ctx.db, purchaseId);
  if (!row || row.purchase.status !== "pending") return "not_pending";
  const { purchase, settings, workspace } = row;
  if (purchase.paymentIntentId) return "waiting_for_webhook";
  if (!settings?.isEnabled || !settings.paymentMethodId) {
    await cancel(ctx, purchase, "Auto top-up was switched off before the charge.");
    return "cancelled";
  }
  if (!allowsAutoTopUp(workspace)) {
    // The plan changed under it: switch auto top-up off so spends stop starting attempts.
    await cancel(ctx, purchase, "The workspace's plan no longer includes auto top-up.");
    await switchOffForPlan(ctx, workspace);
    return "cancelled";
  }
  const provider = ctx.provider ?? getPaymentsProvider();
  const customerId = await ensureWorkspaceCustomer(
    ctx.db,
    provider,
    workspace,
    (await getFirstOwnerEmail(ctx.db, workspace.id)) ?? "",
  );
  const charge = await provider.chargeOffSession(
    {
      workspace,
      purchaseId: purchase.id,
      customerId,
      paymentMethodId: settings.paymentMethodId,
      credits: purchase.credits,
      amountCents: purchase.amountCents,
      currency: purchase.currency,
      idempotencyKey: attemptIdempotencyKey(purchase.id),
    },
    { db: ctx.db, clock: ctx.clock },
  );
  if (charge.paymentIntentId) {
    await setAttemptPaymentIntent(ctx.db, purchase.id, {
      paymentIntentId: charge.paymentIntentId,
      provider: provider.mode,
      at: ctx.clock.now(),
    });
  }
  if (charge.status === "failed") {
    await failPurchase(
      { db: ctx.db, clock: ctx.clock },
      { purchaseId: purchase.id, paymentIntentId: charge.paymentIntentId },
      {
        status: "failed",
        code: charge.code,
        message: charge.message,
        eventId: `charge:${charge.paymentIntentId ?? purchase.id}`,
      },
    );
    return "failed";
  }
  return charge.status === "succeeded" ? "charged" : "processing";
}

/**
 * The backstop for the wake-up: pending attempts nobody charged (the notification was missed, the
 * worker was down) are returned to be run, and attempts charged long ago whose outcome never came
 * are given up so the next spend below the threshold can start a new one.
 */
export async function sweepAutoTopUps(ctx: AutoTopUpContext): Promise<{ due: string[]; timedOut: number }> {
  const now = ctx.clock.now();
  const due = await listUnchargedAutoTopUps(ctx.db, {
    createdBefore: new Date(now.getTime() - SWEEP_AFTER_MS),
  });
  const timedOut = await expireUnconfirmedAutoTopUps(ctx.db, {
    updatedBefore: new Date(now.getTime() - CONFIRMATION_TIMEOUT_MS),
    at: now,
  });
  return { due: due.map((r) => r.id), timedOut };
}
