// The test-mode stand-in's refunds and disputes behind the ReversalMethods interface, read from
// test_mode_reversals as Stripe's would be read from Stripe (see stripe-reversals.ts).
import "server-only";
import { listTestModeReversalsOfCharge, listTestModeReversalsSince } from "@/db/queries/test-mode-reversals";
import { findEntryWorkspace } from "@/db/queries/credit-lots";
import { getWorkspace } from "@/db/queries/workspaces";
import type { TestModeReversal } from "@/db/schema";
import { byCreation, embeddedRefunds } from "./stripe-reversals";
import {
  grantEntryOfTestModeInvoice,
  listTestModePlanInvoices,
  testModeInvoiceId,
} from "./test-mode-invoices";
import type { ProviderDispute, ProviderRefund, ReversalMethods } from "./types";

const INVOICE_PAYMENT = /^pi_test_local_invoice_(\d{1,15})$/;

/** The PaymentIntent that paid a test-mode plan invoice (the stand-in bills plans without one). */
export function testModeInvoicePaymentIntentId(invoiceId: string): string {
  return `pi_test_local_invoice_${grantEntryOfTestModeInvoice(invoiceId) ?? 0}`;
}

/** The charge of a test-mode PaymentIntent (one charge per payment, as a card payment has). */
export function testModeChargeId(paymentIntentId: string): string {
  return paymentIntentId.replace(/^pi_/, "ch_");
}

function asReversal(row: TestModeReversal): ProviderRefund & ProviderDispute {
  return {
    id: row.id,
    chargeId: row.chargeId,
    paymentIntentId: row.paymentIntentId,
    amountCents: row.amountCents,
    currency: row.currency,
    status: row.status,
    reason: row.reason,
    createdAt: row.createdAt,
  };
}

export const testModeReversalMethods: ReversalMethods = {
  async listChargeRefunds(charge, ctx) {
    const embedded = embeddedRefunds(charge);
    if (embedded) return embedded;
    const rows = await listTestModeReversalsOfCharge(ctx.db, charge.id, "refund");
    return byCreation(rows.map(asReversal));
  },
  async findPlanInvoice(paymentIntentId, ctx) {
    const entryId = Number(INVOICE_PAYMENT.exec(paymentIntentId)?.[1] ?? NaN);
    if (!Number.isSafeInteger(entryId)) return null;
    const workspaceId = await findEntryWorkspace(ctx.db, entryId);
    const workspace = workspaceId ? await getWorkspace(ctx.db, workspaceId) : null;
    if (!workspace) return null;
    // Newest first: a term ends where the next one (the invoice before it in the list) starts.
    const invoices = await listTestModePlanInvoices(ctx.db, workspace);
    const index = invoices.findIndex((invoice) => invoice.id === testModeInvoiceId(entryId));
    const invoice = invoices[index];
    if (!invoice) return null;
    return {
      id: invoice.id,
      workspaceId: workspace.id,
      amountCents: invoice.amountCents,
      currency: "usd",
      periodStart: invoice.at,
      periodEnd: invoices[index - 1]?.at ?? null,
    };
  },
  async *listReversals(since, ctx) {
    for (const row of await listTestModeReversalsSince(ctx.db, since))
      yield { kind: row.kind, ...asReversal(row) };
  },
};
