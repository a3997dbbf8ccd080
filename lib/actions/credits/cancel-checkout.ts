"use server";

import { revalidatePath } from "next/cache";
import { getPurchase, notePendingPurchase } from "@/db/queries/purchases";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { getPaymentsProvider } from "@/lib/payments";
import { CHECKOUT_CANCELLED } from "@/lib/payments/fulfilment";
import { applyCheckoutExpiry } from "@/lib/payments/webhooks/checkout-session-expired";
import { checkoutInput } from "@/lib/validation/payment-methods";

/**
 * The Credits card's "Cancel" for a checkout left unpaid: expires the session at Stripe (or the
 * stand-in) so it can't be paid any more, and applies the expiry through the same handler as the
 * checkout.session.expired webhook. The purchase first notes that its buyer cancelled it, so the
 * expiry (this call's, or the webhook's whichever comes first) ends it quietly: no "Payment failed".
 */
export const cancelCheckoutAction = workspaceAction(
  { input: checkoutInput, permission: "credits:purchase" },
  async (ctx, input) => {
    const purchase = await getPurchase(ctx.db, ctx.workspace.id, input.purchaseId);
    if (!purchase?.checkoutSessionId)
      return fail("not_found", "This checkout does not exist in this workspace.");
    if (purchase.status === "paid")
      return fail("conflict", "This checkout was paid: the credits are in the balance.");
    if (purchase.status !== "pending") return ok({ status: purchase.status });
    const now = ctx.clock.now();
    await notePendingPurchase(ctx.db, purchase.id, { ...CHECKOUT_CANCELLED, at: now });
    const expired = await getPaymentsProvider().expireCheckout(purchase.checkoutSessionId, ctx);
    if (expired === "expired")
      await applyCheckoutExpiry(
        { db: ctx.db, clock: ctx.clock },
        { id: purchase.id, checkoutSessionId: purchase.checkoutSessionId },
      );
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    const after = await getPurchase(ctx.db, ctx.workspace.id, purchase.id);
    return ok({ status: after?.status ?? purchase.status });
  },
);
