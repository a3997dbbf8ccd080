"use server";

import { revalidatePath } from "next/cache";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { topUpEligibility } from "@/lib/billing/plans";
import { CURRENCY, quoteTopUp } from "@/lib/billing/top-ups";
import { findCardOnFile, purchaseWithSavedCard } from "@/lib/payments/saved-card";
import { purchaseWithSavedCardInput } from "@/lib/validation/payment-methods";

/**
 * Purchase Credits with the card on file: one confirmation charges the workspace's default card
 * (the subscription's) at the server's price. Credits are added through the same fulfilment as a
 * checkout, keyed by the PaymentIntent, once; a card that needs 3-D Secure answers requires_action
 * and the page finishes it (finishSavedCardPurchaseAction).
 */
export const purchaseWithSavedCardAction = workspaceAction(
  { input: purchaseWithSavedCardInput, permission: "credits:purchase" },
  async (ctx, input) => {
    const eligible = topUpEligibility(ctx.workspace);
    if (!eligible.ok) return fail("forbidden", eligible.message);
    const quote = quoteTopUp(input.credits);
    if (!quote.ok) return fail("invalid_input", quote.error.message, { credits: [quote.error.message] });
    const found = await findCardOnFile(ctx, ctx.workspace, input.paymentMethodId);
    if (!found)
      return fail("not_found", "That card is not on file for this workspace.", {
        paymentMethodId: ["Not a card of this workspace"],
      });
    const { provider, customer, card } = found;
    if (!card.isDefault)
      return fail(
        "conflict",
        "The default card changed. Close this dialog and open it again to see the card it charges.",
      );
    const result = await purchaseWithSavedCard(ctx, provider, {
      workspace: ctx.workspace,
      customer,
      card,
      requestId: input.requestId,
      credits: quote.quote.credits,
      amountCents: quote.quote.priceCents,
      currency: CURRENCY,
    });
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok(result);
  },
);
