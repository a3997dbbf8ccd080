"use server";

import { revalidatePath } from "next/cache";
import { getPurchase } from "@/db/queries/purchases";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { getPaymentsProvider, isTestMode } from "@/lib/payments";
import { customerOf, describeSavedCardPurchase, settleSavedCardPurchase } from "@/lib/payments/saved-card";
import { AUTHENTICATION_FAILURE } from "@/lib/payments/test-cards";
import { payInTestMode, testModeOffSessionEvents } from "@/lib/payments/test-mode";
import { finishSavedCardPurchaseInput } from "@/lib/validation/payment-methods";

/**
 * After the bank's 3-D Secure step in the page: reads the PaymentIntent's outcome and applies it
 * through the same fulfilment as the webhook (credits once, keyed by the PaymentIntent). In test
 * mode the stand-in's step says how the card holder answered, and the stand-in sends the events
 * Stripe would.
 */
export const finishSavedCardPurchaseAction = workspaceAction(
  { input: finishSavedCardPurchaseInput, permission: "credits:purchase" },
  async (ctx, input) => {
    const purchase = await getPurchase(ctx.db, ctx.workspace.id, input.purchaseId);
    if (!purchase || purchase.kind !== "one_time" || purchase.checkoutSessionId || !purchase.paymentIntentId)
      return fail("not_found", "This purchase does not exist in this workspace.");
    const provider = getPaymentsProvider();
    if (isTestMode() && purchase.status === "pending") {
      if (!input.testOutcome) return fail("invalid_input", "Confirm or fail the test authentication.");
      const payment = await provider.retrievePayment(
        { checkoutSessionId: null, paymentIntentId: purchase.paymentIntentId },
        ctx,
      );
      if (payment?.status !== "requires_action")
        return fail("conflict", "This payment does not need authentication.");
      const authenticated = input.testOutcome === "authenticate";
      const events = testModeOffSessionEvents(
        {
          kind: "saved_card",
          paymentIntentId: purchase.paymentIntentId,
          purchase,
          customerId: customerOf(ctx.workspace)?.customerId ?? "",
          paymentMethodId: "pm_card_authenticationRequired",
        },
        authenticated ? "authenticated" : "authentication_failed",
        ctx.clock.now(),
      );
      await payInTestMode(
        ctx,
        purchase,
        {
          object: "payment_intent",
          id: purchase.paymentIntentId,
          paymentIntentId: purchase.paymentIntentId,
          outcome: authenticated ? "authenticated" : "declined",
          ...(authenticated ? {} : { failure: AUTHENTICATION_FAILURE }),
        },
        events,
      );
    }
    const current = (await getPurchase(ctx.db, ctx.workspace.id, purchase.id)) ?? purchase;
    const settled = await settleSavedCardPurchase(ctx, provider, current);
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok(describeSavedCardPurchase(settled));
  },
);
