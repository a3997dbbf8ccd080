"use server";

import { revalidatePath } from "next/cache";
import { getPurchaseBySession } from "@/db/queries/purchases";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import {
  findTestCard,
  payInTestMode,
  testCheckoutPaymentIntentId,
  testModeEvents,
} from "@/lib/payments/test-mode";
import { isTestMode } from "@/lib/payments";
import { testCheckoutInput } from "@/lib/validation/credits";

/**
 * The test-mode checkout page's Pay and Cancel buttons. Paying sends the events Stripe would send
 * for that test card through the webhook handling; this action never writes credits itself.
 */
export const completeTestCheckoutAction = workspaceAction(
  { input: testCheckoutInput, permission: "credits:purchase" },
  async (ctx, input) => {
    if (!isTestMode()) return fail("forbidden", "Test-mode checkout is off: payments go through Stripe.");
    const purchase = await getPurchaseBySession(ctx.db, ctx.workspace.id, input.sessionId);
    if (!purchase) return fail("not_found", "This checkout does not exist in this workspace.");
    if (purchase.status === "paid") return ok({ status: "paid" as const, message: "Already paid." });
    if (purchase.status === "expired")
      return fail("expired", "This checkout has expired. Start a new purchase.");
    const now = ctx.clock.now();
    const card = input.action === "cancel" ? null : findTestCard(input.cardNumber ?? "");
    if (input.action !== "cancel" && !card) {
      return fail("invalid_input", "Use one of the test cards listed on this page.", {
        cardNumber: ["Not a test card number"],
      });
    }
    const events = card
      ? testModeEvents(purchase, { pay: card }, now)
      : testModeEvents(purchase, { abandon: true }, now);
    await payInTestMode(
      ctx,
      purchase,
      {
        object: "checkout_session",
        id: input.sessionId,
        paymentIntentId: testCheckoutPaymentIntentId(purchase),
        outcome: card ? card.outcome : "abandoned",
        ...(card?.declineCode ? { failure: { code: card.declineCode, message: card.message ?? "" } } : {}),
      },
      events,
    );
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    const after = await getPurchaseBySession(ctx.db, ctx.workspace.id, input.sessionId);
    return ok({
      status: after?.status ?? "pending",
      message: after?.failureMessage ?? null,
    });
  },
);
