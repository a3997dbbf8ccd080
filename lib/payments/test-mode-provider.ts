import "server-only";
import { randomUUID } from "node:crypto";
import { getTestModePayment, listTestModePaymentsSince } from "@/db/queries/test-mode-payments";
import type { TestModePayment } from "@/db/schema";
import { getTestModePaymentMethod } from "@/db/queries/test-mode-payment-methods";
import { findTestPaymentMethod, OFF_SESSION_FAILURES } from "./test-cards";
import { chargeTestCard, testModeCardMethods, testPaymentIntentId } from "./test-mode-cards";
import { testModeReversalMethods } from "./test-mode-reversals";
import { testModeReceiptMethods } from "./test-mode-receipts";
import type { PaymentsProvider, ProviderPayment } from "./types";

function asProviderPayment(row: TestModePayment): ProviderPayment {
  return {
    object: row.object,
    id: row.id,
    paymentIntentId: row.paymentIntentId,
    purchaseId: row.purchaseId,
    workspaceId: row.workspaceId,
    status: row.status,
    amountCents: row.amountCents,
    currency: row.currency,
    createdAt: row.createdAt,
    failure: row.failureCode ? { code: row.failureCode, message: row.failureMessage ?? "" } : null,
  };
}

/**
 * The local stand-in for Stripe when no Stripe key is configured. Its checkout is a page in the
 * app, plainly marked Test mode; paying there sends a signed Stripe-shaped event through the same
 * webhook handling as Stripe's (see lib/payments/test-mode.ts), so nothing is a shortcut.
 */
export const testModeProvider: PaymentsProvider = {
  mode: "test",
  ...testModeCardMethods,
  ...testModeReversalMethods,
  ...testModeReceiptMethods,
  async ensureCustomer(workspace) {
    return workspace.stripeCustomerId ?? `cus_test_${workspace.id.replaceAll("-", "").slice(0, 24)}`;
  },
  async createCheckout(request) {
    const sessionId = `cs_test_local_${randomUUID().replaceAll("-", "")}`;
    return {
      kind: "redirect",
      sessionId,
      url: `/w/${request.workspace.slug}/settings/billing/test-checkout/${sessionId}`,
    };
  },
  async createPortalSession(_customerId, returnUrl) {
    const url = new URL(returnUrl);
    return `${url.pathname.replace(/\/$/, "")}/test-portal`;
  },
  // The card picker in the Auto Top Up dialog stands in for Stripe Elements.
  async createCardSetup() {
    return null;
  },
  async chargeOffSession(request, ctx) {
    // Like Stripe, the same idempotency key always names the same PaymentIntent.
    const paymentIntentId = testPaymentIntentId(request.idempotencyKey);
    // A card saved on the stand-in's customer, or (saved before cards were listed) a test card's own id.
    const saved = await getTestModePaymentMethod(ctx.db, request.workspace.id, request.paymentMethodId);
    const method = findTestPaymentMethod(saved?.testCard ?? request.paymentMethodId);
    if (!method) {
      return {
        status: "failed",
        paymentIntentId: null,
        code: "resource_missing",
        message: "The saved card is not a test card. Add a card again.",
      };
    }
    const failure = OFF_SESSION_FAILURES[method.outcome];
    // The stand-in's "Stripe" records the charge first; the webhook event follows, as with Stripe.
    await chargeTestCard(ctx, {
      kind: "auto_top_up",
      paymentIntentId,
      purchase: {
        id: request.purchaseId,
        workspaceId: request.workspace.id,
        amountCents: request.amountCents,
        currency: request.currency,
      },
      customerId: request.customerId,
      paymentMethodId: request.paymentMethodId,
      outcome: method.outcome,
      failure,
    });
    if (failure === null) return { status: "succeeded", paymentIntentId };
    return { status: "failed", paymentIntentId, ...failure };
  },
  async getPaymentAuthentication() {
    // The test-mode authentication page has its own "Complete authentication" button.
    return null;
  },
  async *listPayments(since, ctx) {
    const rows = await listTestModePaymentsSince(ctx.db, since);
    for (const row of rows) yield asProviderPayment(row);
  },
  async retrievePayment(ref, ctx) {
    const id = ref.checkoutSessionId ?? ref.paymentIntentId;
    if (!id) return null;
    const row = await getTestModePayment(ctx.db, id);
    return row ? asProviderPayment(row) : null;
  },
};
