// Stripe's side of receipts: its own charge receipts and invoice PDFs, and the customer's billing
// details (name, email, address and one tax id) kept in step with the workspace's.
import "server-only";
import Stripe from "stripe";
import type { ReceiptMethods } from "./types";

function chargeReceipt(charge: string | Stripe.Charge | null | undefined): string | null {
  return charge && typeof charge !== "string" ? (charge.receipt_url ?? null) : null;
}

export function stripeReceiptMethods(stripe: Stripe): ReceiptMethods {
  return {
    async listPlanInvoices(workspace) {
      if (!workspace.stripeCustomerId) return [];
      const invoices = await stripe.invoices.list({
        customer: workspace.stripeCustomerId,
        status: "paid",
        limit: 100,
      });
      return invoices.data
        .filter((invoice) => invoice.billing_reason?.startsWith("subscription") && invoice.id)
        .map((invoice) => ({
          id: invoice.id as string,
          number: invoice.number ?? null,
          ledgerEntryId: null,
          paidAt: new Date((invoice.status_transitions.paid_at ?? invoice.created) * 1000),
          description: invoice.lines.data[0]?.description ?? "Plan payment",
          amountCents: invoice.amount_paid,
          currency: invoice.currency,
          documentUrl: invoice.invoice_pdf ?? invoice.hosted_invoice_url ?? null,
        }));
    },
    async receiptDocumentUrl(ref) {
      if (ref.paymentIntentId) {
        const intent = await stripe.paymentIntents.retrieve(ref.paymentIntentId, {
          expand: ["latest_charge"],
        });
        return chargeReceipt(intent.latest_charge);
      }
      if (!ref.checkoutSessionId) return null;
      const session = await stripe.checkout.sessions.retrieve(ref.checkoutSessionId, {
        expand: ["payment_intent.latest_charge"],
      });
      const intent = session.payment_intent;
      return intent && typeof intent !== "string" ? chargeReceipt(intent.latest_charge) : null;
    },
    async updateCustomerBilling({ customerId }, update) {
      const address = update.address;
      await stripe.customers.update(customerId, {
        name: update.name,
        // Stripe unsets a field sent as "".
        email: update.email ?? "",
        address: address
          ? {
              line1: address.line1,
              line2: address.line2 ?? "",
              city: address.city ?? "",
              postal_code: address.postalCode ?? "",
              state: address.state ?? "",
              country: address.country,
            }
          : "",
      });
      // The customer keeps one tax id: the one the workspace names. Others are removed.
      const existing = await stripe.customers.listTaxIds(customerId, { limit: 100 });
      let kept = false;
      for (const taxId of existing.data) {
        if (update.taxId && !kept && taxId.type === update.taxId.type && taxId.value === update.taxId.value) {
          kept = true;
          continue;
        }
        await stripe.customers.deleteTaxId(customerId, taxId.id);
      }
      if (update.taxId && !kept) {
        await stripe.customers.createTaxId(customerId, {
          type: update.taxId.type as Stripe.CustomerCreateTaxIdParams.Type,
          value: update.taxId.value,
        });
      }
    },
  };
}
