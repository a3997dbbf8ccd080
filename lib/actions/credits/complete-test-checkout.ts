"use server";

import { revalidatePath } from "next/cache";
import { getPurchaseBySession, notePendingPurchase } from "@/db/queries/purchases";
import type { CreditPurchase } from "@/db/schema";
import { fail, ok, workspaceAction, type ActionResult } from "@/lib/actions/action-client";
import { CHECKOUT_CANCELLED } from "@/lib/payments/fulfilment";
import {
  deliverTestModeEvents,
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
/** Where the checkout stands: "declined" keeps it open for another card. */
type TestCheckoutOutcome = { status: CreditPurchase["status"] | "declined"; message: string | null };

export const completeTestCheckoutAction = workspaceAction(
  { input: testCheckoutInput, permission: "credits:purchase" },
  async (ctx, input): Promise<ActionResult<TestCheckoutOutcome>> => {
    if (!isTestMode()) return fail("forbidden", "Test-mode checkout is off: payments go through Stripe.");
    const purchase = await getPurchaseBySession(ctx.db, ctx.workspace.id, input.sessionId);
    if (!purchase) return fail("not_found", "This checkout does not exist in this workspace.");
    if (purchase.status === "paid") return ok({ status: "paid", message: "Already paid." });
    if (purchase.status === "expired")
      return fail("expired", "This checkout has expired. Start a new purchase.");
    const now = ctx.clock.now();
    const card = input.action === "cancel" ? null : findTestCard(input.cardNumber ?? "");
    if (input.action !== "cancel" && !card) {
      return fail("invalid_input", "Use one of the test cards listed on this page.", {
        cardNumber: ["Not a test card number"],
      });
    }
    if (card?.outcome === "declined") {
      // Stripe's session stays open after a decline (the buyer may try another card): the stand-in
      // records no outcome for it, and only the payment_intent.payment_failed event is sent.
      const responses = await deliverTestModeEvents(
        { db: ctx.db, clock: ctx.clock },
        testModeEvents(purchase, { pay: card }, now),
      );
      if (responses.some((r) => r.status !== 200)) throw new Error("test-mode webhook delivery was refused");
      return ok({ status: "declined", message: card.message ?? "Your card was declined." });
    }
    // The buyer's own Cancel ends the checkout quietly: no "Payment failed" for a choice they made.
    if (!card) await notePendingPurchase(ctx.db, purchase.id, { ...CHECKOUT_CANCELLED, at: now });
    await payInTestMode(
      ctx,
      purchase,
      {
        object: "checkout_session",
        id: input.sessionId,
        paymentIntentId: testCheckoutPaymentIntentId(purchase),
        outcome: card ? card.outcome : "abandoned",
      },
      card ? testModeEvents(purchase, { pay: card }, now) : testModeEvents(purchase, { abandon: true }, now),
    );
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    const after = await getPurchaseBySession(ctx.db, ctx.workspace.id, input.sessionId);
    const status = after?.status ?? "pending";
    return ok({ status, message: status === "paid" ? null : (after?.failureMessage ?? null) });
  },
);
