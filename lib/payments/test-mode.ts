// The test-mode stand-in's "Stripe": when the buyer pays or declines on the local checkout page,
// this builds the event Stripe would send, signs it like Stripe does, and delivers it to the same
// webhook handling the real endpoint uses. Nothing here writes credits itself.
import "server-only";
import { randomUUID } from "node:crypto";
import { saveTestModePayment } from "@/db/queries/test-mode-payments";
import type { CreditPurchase } from "@/db/schema";
import { getWebhookSecret, signatureVerifier } from "./config";
import { handleStripeWebhook, type WebhookResponse } from "./webhooks";
import { AUTHENTICATION_FAILURE, OFF_SESSION_FAILURES, type TestPaymentMethod } from "./test-cards";
import type { Deps } from "@/lib/deps";

export type TestCard = {
  number: string;
  label: string;
  outcome: "succeeds" | "declined";
  declineCode?: string;
  message?: string;
};

/** Stripe's own test card numbers, with what each does. */
export const TEST_CARDS: readonly TestCard[] = [
  { number: "4242424242424242", label: "Visa, payment succeeds", outcome: "succeeds" },
  {
    number: "4000000000000002",
    label: "Card declined",
    outcome: "declined",
    declineCode: "generic_decline",
    message: "Your card was declined.",
  },
  {
    number: "4000000000009995",
    label: "Declined: insufficient funds",
    outcome: "declined",
    declineCode: "insufficient_funds",
    message: "Your card has insufficient funds.",
  },
  {
    number: "4000000000000069",
    label: "Declined: expired card",
    outcome: "declined",
    declineCode: "expired_card",
    message: "Your card has expired.",
  },
];

export function findTestCard(number: string): TestCard | null {
  const digits = number.replace(/[\s-]/g, "");
  return TEST_CARDS.find((card) => card.number === digits) ?? null;
}

/**
 * Writes what the stand-in's "Stripe" knows about a payment before its event is sent: a paid or
 * declined test checkout, an off-session test charge. A later outcome for the same payment (an
 * authenticated charge, a retried checkout) replaces the earlier one.
 */
export async function recordTestModePayment(
  ctx: Deps,
  payment: {
    object: "checkout_session" | "payment_intent";
    id: string;
    paymentIntentId: string;
    purchaseId: string;
    workspaceId: string;
    amountCents: number;
    currency: string;
    outcome: TestPaymentMethod["outcome"] | TestCard["outcome"] | "authenticated" | "abandoned";
    failure?: { code: string; message: string };
  },
): Promise<void> {
  const now = ctx.clock.now();
  const status =
    payment.outcome === "succeeds" || payment.outcome === "authenticated"
      ? "paid"
      : payment.outcome === "requires_authentication"
        ? "requires_action"
        : payment.outcome === "abandoned"
          ? "expired"
          : "failed";
  // A failure names its reason; an abandoned checkout (no card tried) has none of its own.
  const failure =
    status === "paid"
      ? { failureCode: null, failureMessage: null }
      : {
          failureCode: payment.failure?.code ?? "checkout_expired",
          failureMessage: payment.failure?.message ?? null,
        };
  await saveTestModePayment(ctx.db, {
    id: payment.id,
    object: payment.object,
    purchaseId: payment.purchaseId,
    workspaceId: payment.workspaceId,
    paymentIntentId: payment.paymentIntentId,
    status,
    amountCents: payment.amountCents,
    currency: payment.currency,
    ...failure,
    createdAt: now,
    updatedAt: now,
  });
}

/** Shaped as Stripe's own events are, so the webhook handling verifies and reads it as it reads theirs. */
export function testModeEvent(type: string, object: Record<string, unknown>, at: Date) {
  return {
    id: `evt_test_local_${randomUUID().replaceAll("-", "")}`,
    object: "event",
    api_version: "2025-01-01",
    created: Math.floor(at.getTime() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

/** The PaymentIntent a test checkout pays with. */
export function testCheckoutPaymentIntentId(
  purchase: Pick<CreditPurchase, "id" | "paymentIntentId">,
): string {
  return purchase.paymentIntentId ?? `pi_test_local_${purchase.id.replaceAll("-", "")}`;
}

/** The events Stripe sends for a checkout paid (or declined, or abandoned) with this card. */
export function testModeEvents(
  purchase: CreditPurchase,
  action: { pay: TestCard } | { abandon: true },
  at: Date,
) {
  const sessionId = purchase.checkoutSessionId ?? "";
  const paymentIntentId = testCheckoutPaymentIntentId(purchase);
  const metadata = { purchaseId: purchase.id, workspaceId: purchase.workspaceId };
  if ("abandon" in action) {
    return [
      testModeEvent(
        "checkout.session.expired",
        { id: sessionId, object: "checkout.session", status: "expired", payment_status: "unpaid", metadata },
        at,
      ),
    ];
  }
  if (action.pay.outcome === "declined") {
    return [
      testModeEvent(
        "payment_intent.payment_failed",
        {
          id: paymentIntentId,
          object: "payment_intent",
          status: "requires_payment_method",
          amount: purchase.amountCents,
          currency: purchase.currency,
          metadata,
          last_payment_error: {
            type: "card_error",
            code: "card_declined",
            decline_code: action.pay.declineCode,
            message: action.pay.message,
          },
        },
        at,
      ),
    ];
  }
  return [
    testModeEvent(
      "checkout.session.completed",
      {
        id: sessionId,
        object: "checkout.session",
        status: "complete",
        payment_status: "paid",
        amount_total: purchase.amountCents,
        currency: purchase.currency,
        payment_intent: paymentIntentId,
        metadata,
      },
      at,
    ),
  ];
}

type OffSessionPayment = {
  /** auto_top_up (off-session), or saved_card: a purchase with the card on file, in the page. */
  kind?: "auto_top_up" | "saved_card";
  paymentIntentId: string;
  purchase: Pick<CreditPurchase, "id" | "workspaceId" | "amountCents" | "currency">;
  customerId: string;
  paymentMethodId: string;
};

function paymentIntent(payment: OffSessionPayment, status: string, extra: Record<string, unknown> = {}) {
  return {
    id: payment.paymentIntentId,
    object: "payment_intent",
    status,
    amount: payment.purchase.amountCents,
    amount_received: status === "succeeded" ? payment.purchase.amountCents : 0,
    currency: payment.purchase.currency,
    customer: payment.customerId,
    payment_method: payment.paymentMethodId,
    off_session: payment.kind !== "saved_card",
    metadata: {
      purchaseId: payment.purchase.id,
      workspaceId: payment.purchase.workspaceId,
      kind: payment.kind ?? "auto_top_up",
    },
    ...extra,
  };
}

/** The payment_intent.* event Stripe sends for a charge of this test card (off-session unless a saved_card one). */
export function testModeOffSessionEvents(
  payment: OffSessionPayment,
  outcome: TestPaymentMethod["outcome"] | "authenticated" | "authentication_failed",
  at: Date,
) {
  if (outcome === "succeeds" || outcome === "authenticated")
    return [testModeEvent("payment_intent.succeeded", paymentIntent(payment, "succeeded"), at)];
  // In the page the bank's challenge is shown at once: the intent waits for the card holder.
  if (outcome === "requires_authentication" && payment.kind === "saved_card")
    return [testModeEvent("payment_intent.requires_action", paymentIntent(payment, "requires_action"), at)];
  const failure =
    outcome === "authentication_failed" ? AUTHENTICATION_FAILURE : OFF_SESSION_FAILURES[outcome];
  // Stripe reports a decline as card_declined with the reason in decline_code.
  const error =
    outcome === "declined"
      ? { type: "card_error", code: "card_declined", decline_code: failure?.code, message: failure?.message }
      : { type: "card_error", code: failure?.code, message: failure?.message };
  return [
    testModeEvent(
      "payment_intent.payment_failed",
      paymentIntent(payment, "requires_payment_method", {
        last_payment_error: {
          ...error,
          payment_method: { id: payment.paymentMethodId, object: "payment_method" },
        },
      }),
      at,
    ),
  ];
}

/** Signs each event with the webhook secret and hands it to the webhook handling, as Stripe would. */
export async function deliverTestModeEvents(
  ctx: Deps,
  events: readonly ReturnType<typeof testModeEvent>[],
): Promise<WebhookResponse[]> {
  const secret = getWebhookSecret();
  if (!secret) throw new Error("no webhook secret for test mode");
  const responses: WebhookResponse[] = [];
  for (const e of events) {
    const payload = JSON.stringify(e);
    const signature = signatureVerifier.webhooks.generateTestHeaderString({
      payload,
      secret,
      timestamp: Math.floor(ctx.clock.now().getTime() / 1000),
    });
    responses.push(await handleStripeWebhook(ctx, payload, signature, secret));
  }
  return responses;
}

// What the test-mode pages' buttons share (Pay on the checkout page, Complete authentication on the
// auto top-up page).
type Payment = Omit<
  Parameters<typeof recordTestModePayment>[1],
  "purchaseId" | "workspaceId" | "amountCents" | "currency"
>;

/**
 * Does what Stripe would for `purchase`: the stand-in records the payment first, then its webhook
 * events go through the real webhook handling, as Stripe's would; the action itself never writes
 * credits. A refused event is a bug in the stand-in, so it throws.
 */
export async function payInTestMode(
  ctx: Deps,
  purchase: CreditPurchase,
  payment: Payment,
  events: Parameters<typeof deliverTestModeEvents>[1],
): Promise<void> {
  // Only the database and the clock, as a request from Stripe would bring: nothing of the caller's session.
  const stripe: Deps = { db: ctx.db, clock: ctx.clock };
  await recordTestModePayment(stripe, {
    ...payment,
    purchaseId: purchase.id,
    workspaceId: purchase.workspaceId,
    amountCents: purchase.amountCents,
    currency: purchase.currency,
  });
  const responses = await deliverTestModeEvents(stripe, events);
  if (responses.some((r) => r.status !== 200)) throw new Error("test-mode webhook delivery was refused");
}
