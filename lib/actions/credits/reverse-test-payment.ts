"use server";

import { revalidatePath } from "next/cache";
import { getPurchase } from "@/db/queries/purchases";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { isTestMode } from "@/lib/payments";
import { listTestModePlanInvoices } from "@/lib/payments/test-mode-invoices";
import { reverseInTestMode, type PortalPayment, type PortalReversal } from "@/lib/payments/test-portal";
import { testReversalInput } from "@/lib/validation/credits";

const DONE = {
  refund: "Refund sent: the refunded share of the credits is taken back.",
  open_dispute: "Dispute opened: the payment's remaining credits are held.",
  win: "Dispute won: the held credits are spendable again.",
  lose: "Dispute lost: the disputed credits are taken back.",
} as const;

/**
 * The test-mode portal's Refund, Open dispute, Win and Lose: the stand-in does what Stripe (or the
 * cardholder's bank) would and sends the signed event through the webhook handling; this action
 * never moves credits itself. Every refusal writes nothing.
 */
export const reverseTestPaymentAction = workspaceAction(
  { input: testReversalInput, permission: "credits:purchase" },
  async (ctx, input) => {
    if (!isTestMode()) return fail("forbidden", "Test mode is off: refunds and disputes happen in Stripe.");
    let payment: PortalPayment;
    if (input.purchaseId) {
      const purchase = await getPurchase(ctx.db, ctx.workspace.id, input.purchaseId);
      if (!purchase) return fail("not_found", "This purchase does not exist in this workspace.");
      if (purchase.status !== "paid")
        return fail("conflict", "Only a paid purchase can be refunded or disputed.");
      payment = { kind: "purchase", purchase };
    } else {
      const invoices = await listTestModePlanInvoices(ctx.db, ctx.workspace);
      const invoice = invoices.find((i) => i.id === input.invoiceId);
      if (!invoice) return fail("not_found", "This plan invoice does not exist in this workspace.");
      payment = { kind: "plan", workspaceId: ctx.workspace.id, invoice };
    }
    const reversal: PortalReversal =
      input.action === "refund"
        ? { action: "refund", amountCents: input.amountCents ?? 0 }
        : { action: input.action };
    const refusal = await reverseInTestMode(ctx, payment, reversal);
    if (refusal)
      return fail(
        refusal.code,
        refusal.message,
        refusal.code === "invalid_input" ? { amountCents: [refusal.message] } : undefined,
      );
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok({ message: DONE[input.action] });
  },
);
