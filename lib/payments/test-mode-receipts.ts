// The test-mode stand-in's side of receipts: plan invoices from the subscription grants, no receipt
// of its own (the app makes the PDF), and a customer record of what Stripe would have been sent.
import "server-only";
import { saveTestModeCustomer } from "@/db/queries/billing-details";
import { listTestModePlanInvoices } from "./test-mode-invoices";
import type { ReceiptMethods } from "./types";

const TERMS = { month: "monthly", quarter: "quarterly", year: "annual" } as const;

export const testModeReceiptMethods: ReceiptMethods = {
  async listPlanInvoices(workspace, ctx) {
    const invoices = await listTestModePlanInvoices(ctx.db, workspace);
    return invoices.map((invoice) => ({
      id: invoice.id,
      number: null,
      ledgerEntryId: Number(invoice.id.slice("in_test_local_".length)),
      paidAt: invoice.at,
      description: `${invoice.planName} plan, ${TERMS[invoice.interval]}`,
      amountCents: invoice.amountCents,
      currency: "usd",
      documentUrl: null,
    }));
  },
  async receiptDocumentUrl() {
    return null;
  },
  async updateCustomerBilling({ customerId, workspaceId }, update, ctx) {
    const { taxId, ...details } = update;
    await saveTestModeCustomer(ctx.db, {
      workspaceId,
      customerId,
      details,
      taxIds: taxId ? [taxId] : [],
      updatedAt: ctx.clock.now(),
    });
  },
};
