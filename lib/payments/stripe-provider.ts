import "server-only";
import Stripe from "stripe";
import { stripeCardMethods } from "./stripe-cards";
import { stripeReversalMethods } from "./stripe-reversals";
import { stripeReceiptMethods } from "./stripe-receipts";
import type { PaymentsProvider, ProviderPayment, ProviderPaymentStatus } from "./types";

function seconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

/** A Checkout Session as reconciliation sees it (a session's own PaymentIntent is not listed apart). */
export function sessionPayment(session: Stripe.Checkout.Session): ProviderPayment {
  const status: ProviderPaymentStatus =
    session.payment_status === "paid" ? "paid" : session.status === "expired" ? "expired" : "open";
  return {
    object: "checkout_session",
    id: session.id,
    paymentIntentId: idOf(session.payment_intent),
    purchaseId: session.metadata?.purchaseId ?? null,
    workspaceId: session.metadata?.workspaceId ?? null,
    status,
    amountCents: session.amount_total ?? 0,
    currency: session.currency ?? "",
    createdAt: new Date(session.created * 1000),
    failure: null,
  };
}

/** An off-session PaymentIntent (auto top-up) as reconciliation sees it. */
export function intentPayment(intent: Stripe.PaymentIntent): ProviderPayment {
  const error = intent.last_payment_error;
  const status: ProviderPaymentStatus =
    intent.status === "succeeded"
      ? "paid"
      : intent.status === "canceled"
        ? "failed"
        : intent.status === "requires_payment_method" && error
          ? "failed"
          : intent.status === "requires_action" || intent.status === "requires_confirmation"
            ? "requires_action"
            : "open";
  return {
    object: "payment_intent",
    id: intent.id,
    paymentIntentId: intent.id,
    purchaseId: intent.metadata.purchaseId ?? null,
    workspaceId: intent.metadata.workspaceId ?? null,
    status,
    amountCents: intent.amount,
    currency: intent.currency,
    createdAt: new Date(intent.created * 1000),
    failure:
      status === "failed"
        ? {
            code: error?.decline_code ?? error?.code ?? intent.cancellation_reason ?? "canceled",
            message: error?.message ?? "The payment was canceled.",
          }
        : null,
  };
}

/**
 * Stripe behind the PaymentsProvider interface. Every call that creates something carries an
 * idempotency key derived from our own ids, so a retried request never makes a second one.
 */
export function createStripeProvider(stripe: Stripe): PaymentsProvider {
  return {
    mode: "stripe",
    ...stripeCardMethods(stripe),
    ...stripeReversalMethods(stripe),
    ...stripeReceiptMethods(stripe),
    async ensureCustomer(workspace, email) {
      if (workspace.stripeCustomerId) return workspace.stripeCustomerId;
      const customer = await stripe.customers.create(
        { name: workspace.name, email, metadata: { workspaceId: workspace.id } },
        { idempotencyKey: `customer:${workspace.id}` },
      );
      return customer.id;
    },
    async createCheckout(request) {
      const session = await stripe.checkout.sessions.create(
        {
          ui_mode: "embedded",
          mode: "payment",
          customer: request.customerId,
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: request.currency,
                unit_amount: request.amountCents,
                product_data: { name: `${request.credits.toLocaleString("en-US")} Creditpool credits` },
              },
            },
          ],
          // Keep the card for off-session auto top-ups, which use the same payment method.
          payment_intent_data: {
            setup_future_usage: "off_session",
            metadata: { purchaseId: request.purchaseId, workspaceId: request.workspace.id },
          },
          metadata: { purchaseId: request.purchaseId, workspaceId: request.workspace.id },
          return_url: request.returnUrl,
        },
        { idempotencyKey: `checkout:${request.purchaseId}` },
      );
      if (!session.client_secret)
        throw new Error("Stripe returned no client secret for an embedded checkout");
      return { kind: "embedded", sessionId: session.id, clientSecret: session.client_secret };
    },
    async createPortalSession(customerId, returnUrl) {
      const portal = await stripe.billingPortal.sessions.create({
        customer: customerId,
        return_url: returnUrl,
      });
      return portal.url;
    },
    async createCardSetup(customerId, workspaceId) {
      const intent = await stripe.setupIntents.create({
        customer: customerId,
        usage: "off_session",
        metadata: { workspaceId, purpose: "card_on_file" },
      });
      if (!intent.client_secret) throw new Error("Stripe returned no client secret for a SetupIntent");
      return { clientSecret: intent.client_secret };
    },
    async chargeOffSession(request) {
      try {
        const intent = await stripe.paymentIntents.create(
          {
            amount: request.amountCents,
            currency: request.currency,
            customer: request.customerId,
            payment_method: request.paymentMethodId,
            off_session: true,
            confirm: true,
            description: `Auto top-up: ${request.credits.toLocaleString("en-US")} Creditpool credits`,
            metadata: {
              purchaseId: request.purchaseId,
              workspaceId: request.workspace.id,
              kind: "auto_top_up",
            },
          },
          { idempotencyKey: request.idempotencyKey },
        );
        if (intent.status === "succeeded") return { status: "succeeded", paymentIntentId: intent.id };
        if (intent.status === "requires_action")
          return {
            status: "failed",
            paymentIntentId: intent.id,
            code: "authentication_required",
            message: "Your bank asks you to confirm this payment.",
          };
        return { status: "processing", paymentIntentId: intent.id };
      } catch (error) {
        // A decline (or a card that needs authentication) is a 402 with the PaymentIntent attached.
        if (error instanceof Stripe.errors.StripeCardError || error instanceof Stripe.errors.StripeError) {
          if (error.type !== "StripeCardError" && !error.payment_intent) throw error;
          return {
            status: "failed",
            paymentIntentId: error.payment_intent?.id ?? null,
            code:
              error.code === "authentication_required"
                ? error.code
                : (error.decline_code ?? error.code ?? "card_declined"),
            message: error.message,
          };
        }
        throw error;
      }
    },
    async getPaymentAuthentication(paymentIntentId) {
      const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
      if (!intent.client_secret || intent.status === "succeeded" || intent.status === "canceled") return null;
      const method = intent.last_payment_error?.payment_method?.id ?? intent.payment_method;
      return {
        clientSecret: intent.client_secret,
        paymentMethodId: typeof method === "string" ? method : (method?.id ?? null),
      };
    },
    async *listPayments(since) {
      for await (const session of stripe.checkout.sessions.list({
        created: { gte: seconds(since) },
        limit: 100,
      })) {
        if (session.metadata?.purchaseId) yield sessionPayment(session);
      }
      // Checkout's own PaymentIntents are covered by their sessions; auto top-ups and purchases with the
      // card on file are marked.
      for await (const intent of stripe.paymentIntents.list({
        created: { gte: seconds(since) },
        limit: 100,
      })) {
        if (intent.metadata.kind === "auto_top_up" || intent.metadata.kind === "saved_card")
          yield intentPayment(intent);
      }
    },
    async retrievePayment(ref) {
      try {
        if (ref.checkoutSessionId)
          return sessionPayment(await stripe.checkout.sessions.retrieve(ref.checkoutSessionId));
        if (ref.paymentIntentId)
          return intentPayment(await stripe.paymentIntents.retrieve(ref.paymentIntentId));
        return null;
      } catch (error) {
        if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing")
          return null;
        throw error;
      }
    },
  };
}
