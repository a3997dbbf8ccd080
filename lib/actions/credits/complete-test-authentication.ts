"use server";

import { revalidatePath } from "next/cache";
import { getPurchase } from "@/db/queries/purchases";
import { getAutoTopUpSettings } from "@/db/queries/auto-top-up";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { payInTestMode, testModeOffSessionEvents } from "@/lib/payments/test-mode";
import { isTestMode } from "@/lib/payments";
import { completeTestAuthenticationInput } from "@/lib/validation/auto-top-up";

/**
 * The test-mode authentication page's "Complete authentication": sends the payment_intent.succeeded
 * Stripe would send once the card holder authenticates, through the same webhook handling. It
 * never writes credits itself.
 */
export const completeTestAuthenticationAction = workspaceAction(
  { input: completeTestAuthenticationInput, permission: "auto-top-up:manage" },
  async (ctx, input) => {
    if (!isTestMode())
      return fail("forbidden", "Test-mode authentication is off: payments go through Stripe.");
    const purchase = await getPurchase(ctx.db, ctx.workspace.id, input.purchaseId);
    if (!purchase || purchase.kind !== "auto_top_up" || !purchase.paymentIntentId)
      return fail("not_found", "This auto top-up does not exist in this workspace.");
    if (purchase.status === "paid") return ok({ status: "paid" as const });
    if (purchase.failureCode !== "authentication_required")
      return fail("conflict", "This payment does not need authentication.");
    const settings = await getAutoTopUpSettings(ctx.db, ctx.workspace.id);
    const paymentIntentId = purchase.paymentIntentId;
    const events = testModeOffSessionEvents(
      {
        paymentIntentId,
        purchase,
        customerId: ctx.workspace.stripeCustomerId ?? "",
        paymentMethodId: settings?.paymentMethodId ?? "pm_card_authenticationRequired",
      },
      "authenticated",
      ctx.clock.now(),
    );
    await payInTestMode(
      ctx,
      purchase,
      { object: "payment_intent", id: paymentIntentId, paymentIntentId, outcome: "authenticated" },
      events,
    );
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    const after = await getPurchase(ctx.db, ctx.workspace.id, input.purchaseId);
    return ok({ status: after?.status ?? purchase.status });
  },
);
