// Stripe behind the PaymentsProvider's card methods: the customer's cards (listed, added, made the
// default, removed), the on-session charge of the card on file, and resuming or expiring a checkout.
// The default card is the customer's invoice_settings.default_payment_method, which the
// subscription's invoices also use; a subscription that names its own card is kept on the same one.
import "server-only";
import Stripe from "stripe";
import type { CardMethods, CustomerRef, SavedCard } from "./types";

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

function describeCard(method: Stripe.PaymentMethod, defaultId: string | null): SavedCard {
  return {
    id: method.id,
    brand: method.card?.brand ?? method.type,
    last4: method.card?.last4 ?? "",
    expMonth: method.card?.exp_month ?? 0,
    expYear: method.card?.exp_year ?? 0,
    isDefault: method.id === defaultId,
  };
}

/** The customer's default card: its invoice default, else the one its subscription names. */
async function defaultCardId(stripe: Stripe, customer: CustomerRef): Promise<string | null> {
  const found = await stripe.customers.retrieve(customer.customerId);
  const invoiceDefault = found.deleted ? null : idOf(found.invoice_settings?.default_payment_method);
  if (invoiceDefault || !customer.subscriptionId) return invoiceDefault;
  const subscription = await stripe.subscriptions.retrieve(customer.subscriptionId);
  return idOf(subscription.default_payment_method);
}

/** The card, if it is attached to this customer (a card of another customer is refused). */
async function ownCard(stripe: Stripe, customer: CustomerRef, paymentMethodId: string) {
  try {
    const method = await stripe.paymentMethods.retrieve(paymentMethodId);
    return idOf(method.customer) === customer.customerId ? method : null;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError) return null;
    throw error;
  }
}

async function makeDefault(stripe: Stripe, customer: CustomerRef, paymentMethodId: string) {
  await stripe.customers.update(customer.customerId, {
    invoice_settings: { default_payment_method: paymentMethodId },
  });
  // The subscription renews on the same card the purchases use.
  if (customer.subscriptionId)
    await stripe.subscriptions.update(customer.subscriptionId, { default_payment_method: paymentMethodId });
}

export function stripeCardMethods(stripe: Stripe): CardMethods {
  return {
    async listCards(customer) {
      const [methods, defaultId] = await Promise.all([
        stripe.customers.listPaymentMethods(customer.customerId, { type: "card", limit: 100 }),
        defaultCardId(stripe, customer),
      ]);
      return methods.data.map((method) => describeCard(method, defaultId));
    },
    async addCard(customer, source, options) {
      if (!("setupIntentId" in source)) throw new Error("Stripe adds cards from a SetupIntent only");
      const intent = await stripe.setupIntents.retrieve(source.setupIntentId, { expand: ["payment_method"] });
      if (idOf(intent.customer) !== customer.customerId)
        throw new Error("the SetupIntent belongs to another customer");
      if (intent.status !== "succeeded" || !intent.payment_method)
        throw new Error(`the SetupIntent is ${intent.status}, not succeeded`);
      const method =
        typeof intent.payment_method === "string"
          ? await stripe.paymentMethods.retrieve(intent.payment_method)
          : intent.payment_method;
      if (options.makeDefault || !(await defaultCardId(stripe, customer)))
        await makeDefault(stripe, customer, method.id);
      return { id: method.id, brand: method.card?.brand ?? method.type, last4: method.card?.last4 ?? "" };
    },
    async setDefaultCard(customer, paymentMethodId) {
      if (!(await ownCard(stripe, customer, paymentMethodId))) throw new Error("not a card of this customer");
      await makeDefault(stripe, customer, paymentMethodId);
    },
    async removeCard(customer, paymentMethodId) {
      if (!(await ownCard(stripe, customer, paymentMethodId))) throw new Error("not a card of this customer");
      await stripe.paymentMethods.detach(paymentMethodId);
    },
    async chargeSavedCard(request) {
      try {
        // Confirmed on the server, on-session: the buyer is in the page to authenticate if asked.
        const intent = await stripe.paymentIntents.create(
          {
            amount: request.amountCents,
            currency: request.currency,
            customer: request.customer.customerId,
            payment_method: request.paymentMethodId,
            confirm: true,
            automatic_payment_methods: { enabled: true, allow_redirects: "never" },
            description: `${request.credits.toLocaleString("en-US")} Creditpool credits`,
            metadata: {
              purchaseId: request.purchaseId,
              workspaceId: request.workspace.id,
              kind: "saved_card",
            },
          },
          { idempotencyKey: request.idempotencyKey },
        );
        if (intent.status === "succeeded") return { status: "succeeded", paymentIntentId: intent.id };
        if (intent.status === "requires_action")
          return {
            status: "requires_action",
            paymentIntentId: intent.id,
            clientSecret: intent.client_secret,
          };
        if (intent.status === "processing") return { status: "processing", paymentIntentId: intent.id };
        const error = intent.last_payment_error;
        return {
          status: "failed",
          paymentIntentId: intent.id,
          code: error?.decline_code ?? error?.code ?? "payment_failed",
          message: error?.message ?? "The payment did not go through.",
        };
      } catch (error) {
        // A decline is a 402 card error with the PaymentIntent attached.
        if (error instanceof Stripe.errors.StripeCardError) {
          return {
            status: "failed",
            paymentIntentId: error.payment_intent?.id ?? null,
            code: error.decline_code ?? error.code ?? "card_declined",
            message: error.message,
          };
        }
        throw error;
      }
    },
    async resumeCheckout(sessionId) {
      const session = await stripe.checkout.sessions.retrieve(sessionId);
      if (session.status !== "open" || !session.client_secret) return null;
      return { kind: "embedded", sessionId: session.id, clientSecret: session.client_secret };
    },
    async expireCheckout(sessionId) {
      try {
        await stripe.checkout.sessions.expire(sessionId);
        return "expired";
      } catch (error) {
        // Only an open session can be expired: this one was paid or had expired already.
        if (error instanceof Stripe.errors.StripeInvalidRequestError) return "not_open";
        throw error;
      }
    },
  };
}
