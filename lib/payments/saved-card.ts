// Buying credits with the card on file: one confirmation, an on-session PaymentIntent on the
// customer's default card, confirmed on the server. Credits come through the same fulfilment as a
// checkout, keyed by the PaymentIntent id, so this synchronous path, the payment_intent.succeeded
// webhook and reconciliation add them exactly once between them.
import "server-only";
import { createPurchaseForRequest, setPurchasePaymentIntent } from "@/db/queries/purchase-requests";
import { findPurchaseByPaymentRef } from "@/db/queries/purchases";
import type { CreditPurchase, Workspace } from "@/db/schema";
import type { Deps } from "@/lib/deps";
import { failPurchase, fulfilPurchase } from "./fulfilment";
import { getPaymentsProvider } from "./index";
import type { CustomerRef, PaymentsProvider, SavedCard } from "./types";

/** The workspace's customer as the card methods take it (null: it has none yet, so no cards). */
export function customerOf(workspace: Workspace): CustomerRef | null {
  if (!workspace.stripeCustomerId) return null;
  return {
    customerId: workspace.stripeCustomerId,
    workspaceId: workspace.id,
    subscriptionId: workspace.stripeSubscriptionId,
  };
}

/** The workspace's cards on file, the default first. */
export async function listCardsOnFile(
  ctx: Deps,
  provider: PaymentsProvider,
  workspace: Workspace,
): Promise<SavedCard[]> {
  const customer = customerOf(workspace);
  if (!customer) return [];
  const cards = await provider.listCards(customer, ctx);
  return [...cards.filter((c) => c.isDefault), ...cards.filter((c) => !c.isDefault)];
}

/**
 * One of the workspace's cards by id, with the provider, the customer and every card on file (null:
 * not a card of this workspace, whoever else's it may be).
 */
export async function findCardOnFile(ctx: Deps, workspace: Workspace, paymentMethodId: string) {
  const provider = getPaymentsProvider();
  const customer = customerOf(workspace);
  const cards = await listCardsOnFile(ctx, provider, workspace);
  const card = cards.find((c) => c.id === paymentMethodId);
  return customer && card ? { provider, customer, cards, card } : null;
}

export type SavedCardPurchase =
  | { status: "paid" | "processing"; purchaseId: string }
  | { status: "requires_action"; purchaseId: string; clientSecret: string | null }
  | { status: "failed"; purchaseId: string; message: string };

/** Where a purchase with the card on file stands, as the dialog shows it. */
export function describeSavedCardPurchase(
  purchase: CreditPurchase,
  pending: { requiresAction: boolean; clientSecret: string | null } = {
    requiresAction: false,
    clientSecret: null,
  },
): SavedCardPurchase {
  if (purchase.status === "paid") return { status: "paid", purchaseId: purchase.id };
  if (purchase.status === "failed" || purchase.status === "expired")
    return {
      status: "failed",
      purchaseId: purchase.id,
      message: purchase.failureMessage ?? "The payment did not go through.",
    };
  return pending.requiresAction
    ? { status: "requires_action", purchaseId: purchase.id, clientSecret: pending.clientSecret }
    : { status: "processing", purchaseId: purchase.id };
}

/** Applies what the provider says about the purchase's PaymentIntent: credits once, or the failure. */
export async function settleSavedCardPurchase(
  ctx: Deps,
  provider: PaymentsProvider,
  purchase: CreditPurchase,
): Promise<CreditPurchase> {
  if (purchase.status !== "pending" || !purchase.paymentIntentId) return purchase;
  const ref = { purchaseId: purchase.id, paymentIntentId: purchase.paymentIntentId };
  const payment = await provider.retrievePayment(
    { checkoutSessionId: null, paymentIntentId: purchase.paymentIntentId },
    ctx,
  );
  if (payment?.status === "paid") await fulfilPurchase(ctx, ref);
  else if (payment?.status === "failed")
    await failPurchase(ctx, ref, {
      status: "failed",
      code: payment.failure?.code ?? "payment_failed",
      message: payment.failure?.message ?? "The payment did not go through.",
      eventId: `confirm:${purchase.paymentIntentId}`,
      notify: false,
    });
  return (await findPurchaseByPaymentRef(ctx.db, ref)) ?? purchase;
}

/**
 * Charges the default card for `credits` at `amountCents`, once per request: a repeat of the same
 * request (a double click, a retried network call) finds the purchase the first one made.
 */
export async function purchaseWithSavedCard(
  ctx: Deps & { user: { id: string } },
  provider: PaymentsProvider,
  request: {
    workspace: Workspace;
    customer: CustomerRef;
    card: SavedCard;
    requestId: string;
    credits: number;
    amountCents: number;
    currency: string;
  },
): Promise<SavedCardPurchase> {
  const now = ctx.clock.now();
  const { purchase, created } = await createPurchaseForRequest(ctx.db, {
    workspaceId: request.workspace.id,
    kind: "one_time",
    provider: provider.mode,
    credits: request.credits,
    amountCents: request.amountCents,
    currency: request.currency,
    requestId: request.requestId,
    createdByUserId: ctx.user.id,
    createdAt: now,
    updatedAt: now,
  });
  if (!created) return describeSavedCardPurchase(await settleSavedCardPurchase(ctx, provider, purchase));
  const charge = await provider.chargeSavedCard(
    {
      workspace: request.workspace,
      purchaseId: purchase.id,
      customer: request.customer,
      paymentMethodId: request.card.id,
      credits: purchase.credits,
      amountCents: purchase.amountCents,
      currency: purchase.currency,
      idempotencyKey: `purchase:${purchase.id}`,
    },
    ctx,
  );
  if (charge.paymentIntentId) await setPurchasePaymentIntent(ctx.db, purchase.id, charge.paymentIntentId);
  const ref = { purchaseId: purchase.id, paymentIntentId: charge.paymentIntentId };
  if (charge.status === "succeeded") {
    await fulfilPurchase(ctx, ref);
    return { status: "paid", purchaseId: purchase.id };
  }
  if (charge.status === "failed") {
    // The buyer is in the page and reads why; nobody else needs a failure notice.
    await failPurchase(ctx, ref, {
      status: "failed",
      code: charge.code,
      message: charge.message,
      eventId: `charge:${purchase.id}`,
      notify: false,
    });
    return { status: "failed", purchaseId: purchase.id, message: charge.message };
  }
  if (charge.status === "requires_action")
    return { status: "requires_action", purchaseId: purchase.id, clientSecret: charge.clientSecret };
  return { status: "processing", purchaseId: purchase.id };
}
