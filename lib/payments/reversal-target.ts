// Which payment a refunded or disputed charge paid for, and the credits it bought: a credit purchase
// or auto top-up (matched by its PaymentIntent), or a plan payment (its invoice's subscription term).
import "server-only";
import { listLotIdsOfGrants } from "@/db/queries/credit-lots";
import { findPurchaseByPaymentRef } from "@/db/queries/purchases";
import { getWorkspace } from "@/db/queries/workspaces";
import { listTransactions } from "@/lib/ledger";
import { monthlyGrantOf } from "./test-mode-invoices";
import type { ReversalMethods } from "./types";
import type { Deps } from "@/lib/deps";

export type ReversalTarget = {
  workspaceId: string;
  kind: "one_time" | "auto_top_up" | "plan";
  purchaseId: string | null;
  planInvoiceId: string | null;
  /**
   * What the payment bought: a purchase's credits; for a plan payment, the subscription credits its
   * term granted so far (the monthly grants of the term; Stripe's proration of upgrades is not).
   */
  credits: number;
  amountCents: number;
  currency: string;
  /** The lots those credits went into: a refund or dispute draws on what is left of them first. */
  lotIds: string[];
};

/** The subscription grants of a plan term: monthly grants whose period starts within it. */
async function termGrants(
  ctx: Deps,
  workspaceId: string,
  period: { periodStart: Date; periodEnd: Date | null },
): Promise<{ id: number; amount: number }[]> {
  // A term is at most 12 monthly grants; the latest 200 cover far more than the lookback of any refund.
  const page = await listTransactions(ctx.db, workspaceId, {
    limit: 200,
    filter: { codes: ["grant_subscription"] },
  });
  return page.items.filter((entry) => {
    const grant = monthlyGrantOf(entry.reference);
    if (!grant) return false;
    const at = grant.start.getTime();
    return at >= period.periodStart.getTime() && (!period.periodEnd || at < period.periodEnd.getTime());
  });
}

/**
 * The payment a charge paid for, by its PaymentIntent: a paid purchase or auto top-up here, else the
 * plan invoice the provider says it paid. Null: not a payment of Creditpool's (nothing to reverse).
 */
export async function findReversalTarget(
  ctx: Deps,
  provider: ReversalMethods,
  paymentIntentId: string | null,
): Promise<ReversalTarget | null> {
  if (!paymentIntentId) return null;
  const purchase = await findPurchaseByPaymentRef(ctx.db, { paymentIntentId });
  if (purchase) {
    if (purchase.status !== "paid" || purchase.ledgerEntryId === null) return null;
    return {
      workspaceId: purchase.workspaceId,
      kind: purchase.kind,
      purchaseId: purchase.id,
      planInvoiceId: null,
      credits: purchase.credits,
      amountCents: purchase.amountCents,
      currency: purchase.currency,
      lotIds: await listLotIdsOfGrants(ctx.db, purchase.workspaceId, [purchase.ledgerEntryId]),
    };
  }
  const invoice = await provider.findPlanInvoice(paymentIntentId, ctx);
  if (!invoice?.workspaceId || !(await getWorkspace(ctx.db, invoice.workspaceId))) return null;
  const grants = await termGrants(ctx, invoice.workspaceId, invoice);
  return {
    workspaceId: invoice.workspaceId,
    kind: "plan",
    purchaseId: null,
    planInvoiceId: invoice.id,
    credits: grants.reduce((sum, grant) => sum + grant.amount, 0),
    amountCents: invoice.amountCents,
    currency: invoice.currency,
    lotIds: await listLotIdsOfGrants(
      ctx.db,
      invoice.workspaceId,
      grants.map((grant) => grant.id),
    ),
  };
}
