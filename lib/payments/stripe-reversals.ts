// Stripe's refunds and disputes behind the ReversalMethods interface (the stand-in's are in
// test-mode-reversals.ts): a charge's refunds, the plan invoice a PaymentIntent paid, and the
// refunds and disputes since a time for reconciliation.
import "server-only";
import Stripe from "stripe";
import type { ProviderDispute, ProviderPlanTerm, ProviderRefund, ReversalMethods } from "./types";

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

/** Disputes close weeks after they open: reconciliation reads them this much further back. */
export const DISPUTE_LOOKBACK_MS = 120 * 24 * 60 * 60_000;

export function providerRefund(refund: Stripe.Refund, chargeId: string): ProviderRefund {
  return {
    id: refund.id,
    chargeId: idOf(refund.charge) ?? chargeId,
    paymentIntentId: idOf(refund.payment_intent),
    amountCents: refund.amount,
    currency: refund.currency,
    status: refund.status ?? "pending",
    reason: refund.reason ?? null,
    createdAt: new Date(refund.created * 1000),
  };
}

export function providerDispute(dispute: Stripe.Dispute): ProviderDispute {
  return {
    id: dispute.id,
    chargeId: idOf(dispute.charge) ?? "",
    paymentIntentId: idOf(dispute.payment_intent),
    amountCents: dispute.amount,
    currency: dispute.currency,
    status: dispute.status,
    reason: dispute.reason ?? null,
    createdAt: new Date(dispute.created * 1000),
  };
}

/** Oldest first, as the refunds were made: each refund's share of the credits builds on the ones before. */
export function byCreation<T extends { createdAt: Date; id: string }>(items: T[]): T[] {
  return items.toSorted(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** A charge's refunds carried by the event itself, when the list is there and complete. */
export function embeddedRefunds(charge: Parameters<ReversalMethods["listChargeRefunds"]>[0]) {
  const list = charge.refunds;
  if (!list || list.has_more) return null;
  return byCreation(list.data.map((refund) => providerRefund(refund as Stripe.Refund, charge.id)));
}

function seconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

function planInvoice(invoice: Stripe.Invoice): ProviderPlanTerm | null {
  const subscription = invoice.parent?.subscription_details;
  const line = invoice.lines.data[0];
  if (!invoice.id || !subscription || !line) return null;
  return {
    id: invoice.id,
    workspaceId: subscription.metadata?.workspaceId ?? null,
    amountCents: invoice.amount_paid,
    currency: invoice.currency,
    // The line's period is the term the invoice bills (the invoice's own period is the one before).
    periodStart: new Date(line.period.start * 1000),
    periodEnd: new Date(line.period.end * 1000),
  };
}

export function stripeReversalMethods(stripe: Stripe): ReversalMethods {
  return {
    async listChargeRefunds(charge) {
      const embedded = embeddedRefunds(charge);
      if (embedded) return embedded;
      // Stripe leaves a charge's refunds out of its events unless expanded: ask for them.
      const refunds: ProviderRefund[] = [];
      for await (const refund of stripe.refunds.list({ charge: charge.id, limit: 100 }))
        refunds.push(providerRefund(refund, charge.id));
      return byCreation(refunds);
    },
    async findPlanInvoice(paymentIntentId) {
      const payments = await stripe.invoicePayments.list({
        payment: { type: "payment_intent", payment_intent: paymentIntentId },
        expand: ["data.invoice"],
        limit: 1,
      });
      const invoice = payments.data[0]?.invoice;
      if (!invoice || typeof invoice === "string" || invoice.deleted) return null;
      return planInvoice(invoice);
    },
    async *listReversals(since) {
      for await (const refund of stripe.refunds.list({ created: { gte: seconds(since) }, limit: 100 })) {
        const chargeId = idOf(refund.charge);
        if (chargeId) yield { kind: "refund" as const, ...providerRefund(refund, chargeId) };
      }
      const disputesSince = new Date(since.getTime() - DISPUTE_LOOKBACK_MS);
      for await (const dispute of stripe.disputes.list({
        created: { gte: seconds(disputesSince) },
        limit: 100,
      }))
        yield { kind: "dispute" as const, ...providerDispute(dispute) };
    },
  };
}
