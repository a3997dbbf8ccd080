// The fault suite's refunds and disputes: purchases the load bought are refunded in full or disputed
// and lost, through the test-mode stand-in (its record first, as Stripe's account) and then the signed
// event to the app's real webhook endpoint, retried like Stripe retries. Some events are never sent on
// purpose: reconciliation must apply each of those once.
import { systemClock } from "../../lib/clock";
import { systemKey } from "../../lib/ledger/keys";
import { prepareTestModeReversal } from "../../lib/payments/test-portal";
import { sendWebhook } from "./app";
import type { LoadResult, LoadTarget } from "./types";

/** A purchase the app acknowledged as paid, which can now be refunded or disputed. */
export type PaidPurchase = { id: string; workspaceId: string; amountCents: number; paymentIntentId: string };

async function deliver(target: LoadTarget, event: unknown, deadline: number) {
  const payload = JSON.stringify(event);
  const delivered = await sendWebhook(target.base, payload, target.webhookSecret, deadline);
  if (!delivered || delivered.status >= 300) {
    target.failures.fail(`reversal event: ${JSON.stringify(delivered)}`);
    return null;
  }
  return payload;
}

/**
 * Refunds `purchase` in full, or disputes it and loses the dispute (each takes all its credits
 * back: the load draws the workspace's first, older lot, so nothing becomes debt).
 */
export async function reversePurchase(
  target: LoadTarget,
  result: LoadResult,
  purchase: PaidPurchase,
  deadline: number,
): Promise<void> {
  const ctx = { db: target.db, clock: systemClock };
  const payment = { kind: "purchase" as const, purchase: { ...purchase, currency: "usd" } };
  const isRefund = Math.random() < 0.5;
  const loseWebhook = Math.random() < 0.25;
  const steps = isRefund
    ? [{ action: "refund" as const, amountCents: purchase.amountCents }]
    : [{ action: "open_dispute" as const }, { action: "lose" as const }];
  let payload: string | null = null;
  let key = "";
  for (const step of steps) {
    const prepared = await prepareTestModeReversal(ctx, payment, step).catch(() => null);
    if (!prepared) {
      // The database went away mid-write: the stand-in's record may have committed with its answer
      // lost (then reconciliation finds it, as it would a real Stripe refund), or not.
      result.uncertainReversals += 1;
      return;
    }
    if ("refusal" in prepared) {
      target.failures.fail(`reversal of ${purchase.id} refused: ${prepared.refusal.message}`);
      return;
    }
    const object = prepared.event.data.object as { id: string; refunds?: { data: { id: string }[] } };
    key = isRefund
      ? systemKey("stripe", "refund", object.refunds?.data.at(-1)?.id ?? "")
      : systemKey("stripe", "dispute", object.id, "close");
    if (loseWebhook) continue;
    payload = await deliver(target, prepared.event, deadline);
    if (!payload) return;
  }
  if (loseWebhook) {
    result.lostReversals.push(key);
    return;
  }
  if (payload)
    result.acknowledged.push({
      kind: isRefund ? "refund" : "dispute",
      key,
      credits: 500,
      path: "/api/stripe/webhook",
      body: payload,
    });
}
