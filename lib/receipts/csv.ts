import { TZDate } from "@date-fns/tz";
import { safeCsvText } from "@/lib/csv";
import { INVOICE_STATUS_LABELS, RECEIPT_KIND_LABELS } from "./figures";
import type { InvoiceRow } from "./invoices";

export const INVOICE_CSV_COLUMNS = [
  "receipt_number",
  "date",
  "type",
  "description",
  "credits",
  "amount",
  "refunded",
  "net",
  "currency",
  "status",
  "id",
];

function decimal(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/** One Invoices row as CSV cells: money as decimal units of the currency, time with its offset. */
export function invoiceCsvRow(row: InvoiceRow, timeZone: string): (string | number)[] {
  return [
    row.receiptNumber ?? "",
    new TZDate(row.at.getTime(), timeZone).toISOString(),
    RECEIPT_KIND_LABELS[row.kind],
    safeCsvText(row.description),
    row.credits ?? "",
    decimal(row.amountCents),
    decimal(row.refundedCents),
    decimal(row.amountCents - row.refundedCents),
    row.currency.toUpperCase(),
    INVOICE_STATUS_LABELS[row.status],
    row.id,
  ];
}
