// Stripe webhooks: verify the signature on the raw body, skip events already handled, and pass
// each allow-listed event to its own handler. Every handler is idempotent and safe in any order.
import "server-only";
import type Stripe from "stripe";
import { isStripeEventHandled, recordStripeEvent } from "@/db/queries/stripe-events";
import { signatureVerifier } from "../config";
import { handleChargeDisputeClosed, handleChargeDisputeCreated } from "./charge-dispute";
import { handleChargeRefunded } from "./charge-refunded";
import { handleCheckoutSessionAsyncPaymentFailed } from "./checkout-session-async-payment-failed";
import { handleCheckoutSessionAsyncPaymentSucceeded } from "./checkout-session-async-payment-succeeded";
import { handleCheckoutSessionCompleted } from "./checkout-session-completed";
import { handleCheckoutSessionExpired } from "./checkout-session-expired";
import { handlePaymentIntentPaymentFailed } from "./payment-intent-payment-failed";
import { handlePaymentIntentRequiresAction } from "./payment-intent-requires-action";
import { handlePaymentIntentSucceeded } from "./payment-intent-succeeded";
import {
  handleCustomerSubscriptionDeleted,
  handleCustomerSubscriptionUpdated,
} from "./customer-subscription";
import type { Deps } from "@/lib/deps";
import type { WebhookResult } from "./types";

export const HANDLERS: Record<string, (ctx: Deps, event: Stripe.Event) => Promise<WebhookResult>> = {
  "checkout.session.completed": handleCheckoutSessionCompleted,
  "checkout.session.async_payment_succeeded": handleCheckoutSessionAsyncPaymentSucceeded,
  "checkout.session.async_payment_failed": handleCheckoutSessionAsyncPaymentFailed,
  "checkout.session.expired": handleCheckoutSessionExpired,
  "payment_intent.payment_failed": handlePaymentIntentPaymentFailed,
  "payment_intent.succeeded": handlePaymentIntentSucceeded,
  "payment_intent.requires_action": handlePaymentIntentRequiresAction,
  "customer.subscription.created": handleCustomerSubscriptionUpdated,
  "customer.subscription.updated": handleCustomerSubscriptionUpdated,
  "customer.subscription.deleted": handleCustomerSubscriptionDeleted,
  "charge.refunded": handleChargeRefunded,
  "charge.dispute.created": handleChargeDisputeCreated,
  "charge.dispute.closed": handleChargeDisputeClosed,
};

/** Signatures older than this are refused (Stripe's own default tolerance). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type WebhookResponse = { status: 200 | 400; body: Record<string, unknown> };

export async function handleStripeWebhook(
  ctx: Deps,
  rawBody: string,
  signature: string | null,
  secret: string | null,
): Promise<WebhookResponse> {
  if (!secret) return { status: 400, body: { error: "Webhook secret is not configured" } };
  if (!signature) return { status: 400, body: { error: "Missing Stripe-Signature header" } };
  let event: Stripe.Event;
  try {
    event = signatureVerifier.webhooks.constructEvent(
      rawBody,
      signature,
      secret,
      SIGNATURE_TOLERANCE_SECONDS,
      undefined,
      ctx.clock.now().getTime(), // milliseconds: the SDK divides by 1000
    );
  } catch {
    return { status: 400, body: { error: "Invalid signature" } };
  }
  const handler = HANDLERS[event.type];
  if (!handler) return { status: 200, body: { received: true, ignored: event.type } };
  // A replay of an event we already handled is acknowledged without doing the work again. The
  // handlers are idempotent anyway; this only saves the work.
  if (await isStripeEventHandled(ctx.db, event.id))
    return { status: 200, body: { received: true, duplicate: true } };
  const result = await handler(ctx, event);
  await recordStripeEvent(ctx.db, { id: event.id, type: event.type, receivedAt: ctx.clock.now() });
  return { status: 200, body: { received: true, ...result } };
}
