import "server-only";
import type Stripe from "stripe";
import type { PaymentsProvider } from "./types";

/**
 * Stripe behind the PaymentsProvider interface. Every call that creates something carries an
 * idempotency key derived from our own ids, so a retried request never makes a second one.
 */
export function createStripeProvider(stripe: Stripe): PaymentsProvider {
  return {
    mode: "stripe",
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
  };
}
