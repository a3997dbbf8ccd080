// One receipt: a paid purchase, auto top-up or plan payment with who sold it, who bought it (the
// workspace's billing details), what was bought, the tax line and the refunds and disputes against it.
import "server-only";
import { getBillingDetails } from "@/db/queries/billing-details";
import { countryName } from "@/lib/billing/countries";
import { formatTimestampWithZone } from "@/lib/format";
import { listReversalsOfPayments } from "@/db/queries/invoices";
import { getPurchase } from "@/db/queries/purchases";
import type { PaymentReversal, Workspace, WorkspaceBillingDetails } from "@/db/schema";
import type { Deps } from "@/lib/deps";
import { describeErrorForLog } from "@/lib/log/safe-error";
import { getPaymentsProvider } from "@/lib/payments";
import { receiptIdSchema } from "@/lib/validation/invoices";
import {
  RECEIPT_KIND_LABELS,
  isMoneyBack,
  receiptTotals,
  type ReceiptKind,
  type ReceiptTotals,
} from "./figures";
import { planInvoiceRow, purchaseRow, type InvoiceRow } from "./invoices";
import { SELLER } from "./seller";

export type ReceiptLine = { description: string; credits: number | null; amountCents: number };

export type ReceiptReversal = {
  id: string;
  kind: PaymentReversal["kind"];
  providerId: string;
  amountCents: number;
  credits: number;
  at: Date;
};

export type Receipt = {
  id: string;
  number: string;
  kind: ReceiptKind;
  paidAt: Date;
  currency: string;
  timeZone: string;
  seller: typeof SELLER;
  workspaceName: string;
  billing: WorkspaceBillingDetails | null;
  line: ReceiptLine;
  /** Refunds that went through and disputes lost, oldest first. */
  reversals: ReceiptReversal[];
  totals: ReceiptTotals;
  /** The provider's payment reference (PaymentIntent, Checkout Session or invoice id). */
  paymentReference: string | null;
  /** Where the provider keeps its own receipt or invoice PDF (Stripe); the ref to look it up by. */
  provider: {
    invoiceDocumentUrl: string | null;
    payment: { checkoutSessionId: string | null; paymentIntentId: string | null } | null;
  };
};

function asReversals(rows: PaymentReversal[]): ReceiptReversal[] {
  return rows.filter(isMoneyBack).map((r) => ({
    id: r.id,
    kind: r.kind,
    providerId: r.providerId,
    amountCents: r.amountCents,
    credits: r.credits,
    at: r.closedAt ?? r.updatedAt,
  }));
}

type Paid = {
  row: InvoiceRow;
  reversals: PaymentReversal[];
  line: ReceiptLine;
  paymentReference: string | null;
  provider: Receipt["provider"];
};

/** A purchase or auto top-up of the workspace, once paid. */
async function findPaidPurchase(ctx: Deps, workspace: Workspace, id: string): Promise<Paid | null> {
  const purchase = await getPurchase(ctx.db, workspace.id, id);
  if (purchase?.status !== "paid") return null;
  const reversals = await listReversalsOfPayments(ctx.db, workspace.id, { purchaseIds: [id] });
  const row = purchaseRow(purchase, reversals, workspace.timeZone);
  const payment = {
    checkoutSessionId: purchase.checkoutSessionId,
    paymentIntentId: purchase.paymentIntentId,
  };
  return {
    row,
    reversals,
    line: {
      description: `${RECEIPT_KIND_LABELS[row.kind]}: ${row.description} (top-up credits, never expire)`,
      credits: purchase.credits,
      amountCents: purchase.amountCents,
    },
    paymentReference: purchase.paymentIntentId ?? purchase.checkoutSessionId,
    provider: { invoiceDocumentUrl: null, payment },
  };
}

/** One of the workspace's paid plan invoices, as its provider lists them. */
async function findPlanInvoice(ctx: Deps, workspace: Workspace, id: string): Promise<Paid | null> {
  const invoices = await getPaymentsProvider().listPlanInvoices(workspace, ctx);
  const invoice = invoices.find((candidate) => candidate.id === id);
  if (!invoice) return null;
  const reversals = await listReversalsOfPayments(ctx.db, workspace.id, { planInvoiceIds: [id] });
  return {
    row: planInvoiceRow(invoice, reversals, workspace.timeZone),
    reversals,
    line: { description: invoice.description, credits: null, amountCents: invoice.amountCents },
    paymentReference: invoice.id,
    provider: { invoiceDocumentUrl: invoice.documentUrl, payment: null },
  };
}

/** The receipt of one of the workspace's paid payments; null when there is none by that id. */
export async function loadReceipt(ctx: Deps, workspace: Workspace, rawId: string): Promise<Receipt | null> {
  const parsed = receiptIdSchema.safeParse(rawId);
  if (!parsed.success) return null;
  const id = parsed.data;
  const paid = id.startsWith("in_")
    ? await findPlanInvoice(ctx, workspace, id)
    : await findPaidPurchase(ctx, workspace, id);
  const number = paid?.row.receiptNumber;
  if (!paid || !number) return null;
  const { row, reversals, line, paymentReference, provider } = paid;
  return {
    id,
    number,
    kind: row.kind,
    paidAt: row.at,
    currency: row.currency,
    timeZone: workspace.timeZone,
    seller: SELLER,
    workspaceName: workspace.name,
    billing: await getBillingDetails(ctx.db, workspace.id),
    line,
    reversals: asReversals(reversals),
    totals: receiptTotals(row.amountCents, reversals),
    paymentReference,
    provider,
  };
}

/**
 * The provider's own receipt or invoice PDF for this receipt (Stripe), or null: in test mode, and
 * when Stripe can't be asked just now (the app's own PDF of the same receipt is given then).
 */
export async function providerDocumentUrl(ctx: Deps, receipt: Receipt): Promise<string | null> {
  if (receipt.provider.invoiceDocumentUrl) return receipt.provider.invoiceDocumentUrl;
  if (!receipt.provider.payment) return null;
  try {
    return await getPaymentsProvider().receiptDocumentUrl(receipt.provider.payment, ctx);
  } catch (error) {
    console.warn(
      `creditpool receipts: no provider receipt for ${receipt.number}: ${describeErrorForLog(error)}`,
    );
    return null;
  }
}

/** Who the receipt is made out to, a line each. */
export function billedToLines(receipt: Pick<Receipt, "billing" | "workspaceName">): string[] {
  const billing = receipt.billing;
  const lines = [billing?.companyName ?? receipt.workspaceName];
  if (billing?.addressLine1) lines.push(billing.addressLine1);
  if (billing?.addressLine2) lines.push(billing.addressLine2);
  const cityLine = [billing?.postalCode, billing?.city, billing?.state].filter(Boolean).join(" ");
  if (cityLine) lines.push(cityLine);
  if (billing?.country) lines.push(countryName(billing.country));
  if (billing?.receiptEmail) lines.push(billing.receiptEmail);
  if (billing?.taxId) lines.push(`Tax ID: ${billing.taxId}`);
  return lines;
}

/** The tax line's note: no tax collected (test mode, no Stripe Tax), with both tax ids shown. */
export function taxNote(receipt: Receipt): string {
  return (
    `No tax was collected on this payment (tax 0.00). Seller tax ID: ${receipt.seller.taxId}.` +
    (receipt.billing?.taxId ? ` Customer tax ID: ${receipt.billing.taxId}.` : "") +
    (receipt.totals.creditsTakenBack > 0
      ? ` ${receipt.totals.creditsTakenBack.toLocaleString("en-US")} credits were taken back with the refunds.`
      : "")
  );
}

/** "Refund" or "Dispute lost", and when (workspace time zone). */
export function reversalLabel(reversal: ReceiptReversal, timeZone: string): string {
  return `${reversal.kind === "refund" ? "Refund" : "Dispute lost"}, ${formatTimestampWithZone(reversal.at, timeZone)}`;
}
