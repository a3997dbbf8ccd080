"use server";

import { ok, workspaceAction } from "@/lib/actions/action-client";
import { getPaymentsProvider } from "@/lib/payments";
import { ensureWorkspaceCustomer } from "@/lib/payments/customer";
import { startAddingCardInput } from "@/lib/validation/payment-methods";

/**
 * Payment methods' "Add a card": a Stripe SetupIntent for Elements, or (test mode) word that the
 * test card picker stands in for it. The card is kept by addPaymentMethodAction.
 */
export const startAddingCardAction = workspaceAction(
  { input: startAddingCardInput, permission: "credits:purchase" },
  async (ctx) => {
    const provider = getPaymentsProvider();
    const customerId = await ensureWorkspaceCustomer(ctx.db, provider, ctx.workspace, ctx.user.email);
    const setup = await provider.createCardSetup(customerId, ctx.workspace.id);
    return ok(
      setup ? { mode: "stripe" as const, clientSecret: setup.clientSecret } : { mode: "test" as const },
    );
  },
);
