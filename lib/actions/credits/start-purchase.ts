"use server";

import { createPurchase, setPurchaseCheckoutSession } from "@/db/queries/purchases";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { getAppUrl } from "@/lib/app-url";
import { topUpEligibility } from "@/lib/billing/plans";
import { CURRENCY, formatCents, quoteForCents, quoteTopUp } from "@/lib/billing/top-ups";
import { formatCredits } from "@/lib/format";
import { getPaymentsProvider } from "@/lib/payments";
import { ensureWorkspaceCustomer } from "@/lib/payments/customer";
import { startPurchaseInput } from "@/lib/validation/credits";

/**
 * Starts buying top-up credits: records a pending purchase at the server's price and opens a
 * checkout (Stripe's embedded Checkout, or the test-mode page). Nothing is added until the
 * payment is confirmed by a webhook. The amount is a number of credits, or an amount in USD that buys
 * the most credits it covers; either way the credits decide the price, from the one table. When the
 * dialog says what price it showed, nothing else is ever charged.
 */
export const startPurchaseAction = workspaceAction(
  { input: startPurchaseInput, permission: "credits:purchase" },
  async (ctx, input) => {
    const eligible = topUpEligibility(ctx.workspace);
    if (!eligible.ok) return fail("forbidden", eligible.message);
    const field = input.credits !== undefined ? "credits" : "amountCents";
    const quote =
      input.credits !== undefined ? quoteTopUp(input.credits) : quoteForCents(input.amountCents ?? 0);
    if (!quote.ok) return fail("invalid_input", quote.error.message, { [field]: [quote.error.message] });
    if (input.shownPriceCents !== undefined && input.shownPriceCents !== quote.quote.priceCents) {
      const message = `${formatCredits(quote.quote.credits)} credits cost ${formatCents(quote.quote.priceCents)}, not the ${formatCents(input.shownPriceCents)} shown. Check the price and try again.`;
      return fail("conflict", message, { shownPriceCents: [message] });
    }
    const provider = getPaymentsProvider();
    const customerId = await ensureWorkspaceCustomer(ctx.db, provider, ctx.workspace, ctx.user.email);
    const now = ctx.clock.now();
    const purchase = await createPurchase(ctx.db, {
      workspaceId: ctx.workspace.id,
      kind: "one_time",
      provider: provider.mode,
      credits: quote.quote.credits,
      amountCents: quote.quote.priceCents,
      currency: CURRENCY,
      createdByUserId: ctx.user.id,
      createdAt: now,
      updatedAt: now,
    });
    const appUrl = await getAppUrl();
    const checkout = await provider.createCheckout({
      workspace: ctx.workspace,
      purchaseId: purchase.id,
      customerId,
      credits: purchase.credits,
      amountCents: purchase.amountCents,
      currency: purchase.currency,
      returnUrl: `${appUrl}/w/${ctx.workspace.slug}/settings/billing?purchase=${purchase.id}`,
    });
    await setPurchaseCheckoutSession(ctx.db, purchase.id, checkout.sessionId);
    return ok({
      purchaseId: purchase.id,
      credits: purchase.credits,
      amountCents: purchase.amountCents,
      mode: provider.mode,
      checkout,
    });
  },
);
