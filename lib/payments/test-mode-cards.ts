// The test-mode stand-in's card methods: the customer's saved test cards (test_mode_payment_methods),
// the on-session charge of the card on file, and resuming or expiring a local checkout. Each charge
// records the payment the stand-in's "Stripe" holds first, then sends the events Stripe would send
// through the same webhook handling; nothing here writes credits.
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import {
  addTestModePaymentMethod,
  deleteTestModePaymentMethod,
  getTestModePaymentMethod,
  listTestModePaymentMethods,
  setTestModeDefaultPaymentMethod,
} from "@/db/queries/test-mode-payment-methods";
import { findPurchaseByPaymentRef } from "@/db/queries/purchases";
import { getTestModePayment } from "@/db/queries/test-mode-payments";
import type { Deps } from "@/lib/deps";
import { findTestPaymentMethod, OFF_SESSION_FAILURES, type TestPaymentMethod } from "./test-cards";
import {
  deliverTestModeEvents,
  recordTestModePayment,
  testCheckoutPaymentIntentId,
  testModeOffSessionEvents,
} from "./test-mode";
import type { CardMethods } from "./types";

/** Like Stripe, the same idempotency key always names the same PaymentIntent. */
export function testPaymentIntentId(idempotencyKey: string): string {
  return `pi_test_local_${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 24)}`;
}

/**
 * A charge of a test card by the stand-in's "Stripe": the payment is recorded first, then its
 * payment_intent.* event goes through the webhook handling, as Stripe's would.
 */
export async function chargeTestCard(
  ctx: Deps,
  charge: {
    kind: "auto_top_up" | "saved_card";
    paymentIntentId: string;
    purchase: { id: string; workspaceId: string; amountCents: number; currency: string };
    customerId: string;
    paymentMethodId: string;
    outcome: TestPaymentMethod["outcome"];
    failure: { code: string; message: string } | null;
  },
): Promise<void> {
  const { purchase, paymentIntentId } = charge;
  await recordTestModePayment(ctx, {
    object: "payment_intent",
    id: paymentIntentId,
    paymentIntentId,
    purchaseId: purchase.id,
    workspaceId: purchase.workspaceId,
    amountCents: purchase.amountCents,
    currency: purchase.currency,
    outcome: charge.outcome,
    ...(charge.failure ? { failure: charge.failure } : {}),
  });
  const events = testModeOffSessionEvents(charge, charge.outcome, ctx.clock.now());
  const responses = await deliverTestModeEvents({ db: ctx.db, clock: ctx.clock }, events);
  if (responses.some((r) => r.status !== 200)) throw new Error("test-mode webhook delivery was refused");
}

export const testModeCardMethods: CardMethods = {
  async listCards(customer, ctx) {
    const rows = await listTestModePaymentMethods(ctx.db, customer.workspaceId);
    return rows.map((row) => ({
      id: row.id,
      brand: row.brand,
      last4: row.last4,
      expMonth: row.expMonth,
      expYear: row.expYear,
      isDefault: row.isDefault,
    }));
  },
  async addCard(customer, source, options, ctx) {
    const card = "testCard" in source ? findTestPaymentMethod(source.testCard) : null;
    if (!card) throw new Error("test mode adds one of its test cards only");
    const id = `pm_test_local_${randomUUID().replaceAll("-", "").slice(0, 24)}`;
    await addTestModePaymentMethod(
      ctx.db,
      {
        id,
        workspaceId: customer.workspaceId,
        testCard: card.id,
        brand: card.brand,
        last4: card.last4,
        expMonth: card.expMonth,
        expYear: card.expYear,
        createdAt: ctx.clock.now(),
      },
      options,
    );
    return { id, brand: card.brand, last4: card.last4 };
  },
  async setDefaultCard(customer, paymentMethodId, ctx) {
    if (!(await setTestModeDefaultPaymentMethod(ctx.db, customer.workspaceId, paymentMethodId)))
      throw new Error("not a card of this customer");
  },
  async removeCard(customer, paymentMethodId, ctx) {
    if (!(await deleteTestModePaymentMethod(ctx.db, customer.workspaceId, paymentMethodId)))
      throw new Error("not a card of this customer");
  },
  async chargeSavedCard(request, ctx) {
    const saved = await getTestModePaymentMethod(ctx.db, request.workspace.id, request.paymentMethodId);
    const card = saved ? findTestPaymentMethod(saved.testCard) : null;
    if (!saved || !card)
      return {
        status: "failed",
        paymentIntentId: null,
        code: "resource_missing",
        message: "The card on file was removed. Add a card again.",
      };
    const paymentIntentId = testPaymentIntentId(request.idempotencyKey);
    const failure = card.outcome === "declined" ? OFF_SESSION_FAILURES.declined : null;
    const purchase = {
      id: request.purchaseId,
      workspaceId: request.workspace.id,
      amountCents: request.amountCents,
      currency: request.currency,
    };
    await chargeTestCard(ctx, {
      kind: "saved_card",
      paymentIntentId,
      purchase,
      customerId: request.customer.customerId,
      paymentMethodId: saved.id,
      outcome: card.outcome,
      failure,
    });
    if (card.outcome === "succeeds") return { status: "succeeded", paymentIntentId };
    // The page shows the stand-in's own confirmation step: no Stripe.js client secret.
    if (card.outcome === "requires_authentication")
      return { status: "requires_action", paymentIntentId, clientSecret: null };
    return {
      status: "failed",
      paymentIntentId,
      code: failure?.code ?? "card_declined",
      message: failure?.message ?? "Your card was declined.",
    };
  },
  async resumeCheckout(sessionId, workspace, ctx) {
    const payment = await getTestModePayment(ctx.db, sessionId);
    if (payment && (payment.status === "paid" || payment.status === "expired")) return null;
    return {
      kind: "redirect",
      sessionId,
      url: `/w/${workspace.slug}/settings/billing/test-checkout/${sessionId}`,
    };
  },
  async expireCheckout(sessionId, ctx) {
    const payment = await getTestModePayment(ctx.db, sessionId);
    if (payment && (payment.status === "paid" || payment.status === "expired")) return "not_open";
    const purchase = await findPurchaseByPaymentRef(ctx.db, { checkoutSessionId: sessionId });
    if (!purchase) return "not_open";
    // The stand-in's "Stripe" now holds the session as expired: it can't be resumed or paid.
    await recordTestModePayment(ctx, {
      object: "checkout_session",
      id: sessionId,
      paymentIntentId: testCheckoutPaymentIntentId(purchase),
      purchaseId: purchase.id,
      workspaceId: purchase.workspaceId,
      amountCents: purchase.amountCents,
      currency: purchase.currency,
      outcome: "abandoned",
    });
    return "expired";
  },
};
