// The Invoices list: a workspace's credit purchases, auto top-ups and plan payments in one list,
// newest first, each with how it stands (paid, refunded, disputed, ...) and its receipt number.
import "server-only";
import { listPurchasesForInvoices, listReversalsOfPayments } from "@/db/queries/invoices";
import type { CreditPurchase, PaymentReversal, Workspace } from "@/db/schema";
import type { Deps } from "@/lib/deps";
import { formatCredits } from "@/lib/format";
import { toTransactionFilter } from "@/lib/ledger/filters";
import { getPaymentsProvider } from "@/lib/payments";
import type { ProviderPlanInvoice } from "@/lib/payments/types";
import type { InvoiceFilterParams } from "@/lib/validation/invoices";
import { paidStatus, receiptNumber, receiptTotals, type InvoiceStatus, type ReceiptKind } from "./figures";

export type InvoiceRow = {
  /** The purchase's id, or the plan invoice's. */
  id: string;
  kind: ReceiptKind;
  description: string;
  credits: number | null;
  amountCents: number;
  refundedCents: number;
  currency: string;
  status: InvoiceStatus;
  /** When it was paid (or started, for one never paid). */
  at: Date;
  /** Only paid payments have a receipt. */
  receiptNumber: string | null;
  failureMessage: string | null;
};

const PURCHASE_STATUS: Record<CreditPurchase["status"], InvoiceStatus> = {
  paid: "paid",
  pending: "open",
  failed: "failed",
  expired: "cancelled",
};

/** The filter's days as instants: [from's start, the day after to's start) in the workspace's zone. */
export function invoiceRange(filter: InvoiceFilterParams, timeZone: string): { from?: Date; to?: Date } {
  const { from, to } = toTransactionFilter({ from: filter.from, to: filter.to }, timeZone);
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

function reversalsBy(reversals: PaymentReversal[], key: (r: PaymentReversal) => string | null) {
  const by = new Map<string, PaymentReversal[]>();
  for (const reversal of reversals) {
    const id = key(reversal);
    if (id) by.set(id, [...(by.get(id) ?? []), reversal]);
  }
  return by;
}

export function purchaseRow(
  purchase: CreditPurchase,
  reversals: PaymentReversal[],
  timeZone: string,
): InvoiceRow {
  const isPaid = purchase.status === "paid";
  const at = purchase.paidAt ?? purchase.createdAt;
  return {
    id: purchase.id,
    kind: purchase.kind === "auto_top_up" ? "auto_top_up" : "purchase",
    description: `${formatCredits(purchase.credits)} credits`,
    credits: purchase.credits,
    amountCents: purchase.amountCents,
    refundedCents: isPaid ? receiptTotals(purchase.amountCents, reversals).refundedCents : 0,
    currency: purchase.currency,
    status: isPaid ? paidStatus(purchase.amountCents, reversals) : PURCHASE_STATUS[purchase.status],
    at,
    receiptNumber:
      isPaid && purchase.ledgerEntryId !== null ? receiptNumber(at, timeZone, purchase.ledgerEntryId) : null,
    failureMessage: isPaid ? null : purchase.failureMessage,
  };
}

export function planInvoiceRow(
  invoice: ProviderPlanInvoice,
  reversals: PaymentReversal[],
  timeZone: string,
): InvoiceRow {
  return {
    id: invoice.id,
    kind: "plan",
    description: invoice.description,
    credits: null,
    amountCents: invoice.amountCents,
    refundedCents: receiptTotals(invoice.amountCents, reversals).refundedCents,
    currency: invoice.currency,
    status: paidStatus(invoice.amountCents, reversals),
    at: invoice.paidAt,
    receiptNumber:
      invoice.number ??
      (invoice.ledgerEntryId !== null
        ? receiptNumber(invoice.paidAt, timeZone, invoice.ledgerEntryId)
        : null),
    failureMessage: null,
  };
}

/** Newest first; equal instants by id, so the order (and so the pages) never shifts. */
function newestFirst(a: InvoiceRow, b: InvoiceRow): number {
  return b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Every payment of the workspace matching the filter, newest first. */
export async function listInvoices(
  ctx: Deps,
  workspace: Workspace,
  filter: InvoiceFilterParams,
): Promise<InvoiceRow[]> {
  const range = invoiceRange(filter, workspace.timeZone);
  const wantsPurchases = filter.kind !== "plan";
  const wantsPlans = filter.kind === undefined || filter.kind === "plan";
  const [purchases, planInvoices] = await Promise.all([
    wantsPurchases
      ? listPurchasesForInvoices(ctx.db, workspace.id, {
          kinds: filter.kind ? [filter.kind === "purchase" ? "one_time" : "auto_top_up"] : undefined,
          ...range,
        })
      : [],
    wantsPlans ? getPaymentsProvider().listPlanInvoices(workspace, ctx) : [],
  ]);
  const plans = planInvoices.filter(
    (invoice) => (!range.from || invoice.paidAt >= range.from) && (!range.to || invoice.paidAt < range.to),
  );
  const reversals = await listReversalsOfPayments(ctx.db, workspace.id, {
    purchaseIds: purchases.filter((p) => p.status === "paid").map((p) => p.id),
    planInvoiceIds: plans.map((invoice) => invoice.id),
  });
  const byPurchase = reversalsBy(reversals, (r) => r.purchaseId);
  const byInvoice = reversalsBy(reversals, (r) => r.planInvoiceId);
  const rows = [
    ...purchases.map((p) => purchaseRow(p, byPurchase.get(p.id) ?? [], workspace.timeZone)),
    ...plans.map((invoice) => planInvoiceRow(invoice, byInvoice.get(invoice.id) ?? [], workspace.timeZone)),
  ];
  return rows.filter((row) => !filter.status || row.status === filter.status).sort(newestFirst);
}
