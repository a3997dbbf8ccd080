"use server";

import { getPurchase } from "@/db/queries/purchases";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { getPaymentsProvider } from "@/lib/payments";
import { checkoutInput } from "@/lib/validation/payment-methods";

/**
 * The Credits card's "Resume payment" for a checkout left unpaid: the same checkout session again
 * while it is still open (Stripe's embedded Checkout, or the test-mode page).
 */
export const resumeCheckoutAction = workspaceAction(
  { input: checkoutInput, permission: "credits:purchase" },
  async (ctx, input) => {
    const purchase = await getPurchase(ctx.db, ctx.workspace.id, input.purchaseId);
    if (!purchase?.checkoutSessionId)
      return fail("not_found", "This checkout does not exist in this workspace.");
    if (purchase.status !== "pending")
      return fail("expired", "This checkout is over. Start a new purchase with Purchase Credits.");
    const checkout = await getPaymentsProvider().resumeCheckout(
      purchase.checkoutSessionId,
      ctx.workspace,
      ctx,
    );
    if (!checkout)
      return fail(
        "expired",
        "This checkout can no longer be paid. Start a new purchase with Purchase Credits.",
      );
    return ok({ credits: purchase.credits, amountCents: purchase.amountCents, checkout });
  },
);
