// What the test-mode pages' buttons share (Pay on the checkout page, Complete authentication on the
// auto top-up page). It belongs beside the stand-in in lib/payments/test-mode.ts; it sits here, under
// the only actions that call it, while that module is being reworked.
import "server-only";
import type { CreditPurchase } from "@/db/schema";
import type { Deps } from "@/lib/deps";
import { deliverTestModeEvents, recordTestModePayment } from "@/lib/payments/test-mode";

type Payment = Omit<
  Parameters<typeof recordTestModePayment>[1],
  "purchaseId" | "workspaceId" | "amountCents" | "currency"
>;

/**
 * Does what Stripe would for `purchase`: the stand-in records the payment first, then its webhook
 * events go through the real webhook handling, as Stripe's would; the action itself never writes
 * credits. A refused event is a bug in the stand-in, so it throws.
 */
export async function payInTestMode(
  ctx: Deps,
  purchase: CreditPurchase,
  payment: Payment,
  events: Parameters<typeof deliverTestModeEvents>[1],
): Promise<void> {
  // Only the database and the clock, as a request from Stripe would bring: nothing of the caller's session.
  const stripe: Deps = { db: ctx.db, clock: ctx.clock };
  await recordTestModePayment(stripe, {
    ...payment,
    purchaseId: purchase.id,
    workspaceId: purchase.workspaceId,
    amountCents: purchase.amountCents,
    currency: purchase.currency,
  });
  const responses = await deliverTestModeEvents(stripe, events);
  if (responses.some((r) => r.status !== 200)) throw new Error("test-mode webhook delivery was refused");
}
