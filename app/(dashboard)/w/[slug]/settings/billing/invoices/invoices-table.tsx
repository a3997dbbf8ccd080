import Link from "next/link";
import { formatCents } from "@/lib/billing/top-ups";
import { formatTimestamp } from "@/lib/format";
import { INVOICE_STATUS_LABELS, RECEIPT_KIND_LABELS, type InvoiceStatus } from "@/lib/receipts/figures";
import type { InvoiceRow } from "@/lib/receipts/invoices";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { LINK_CLASS } from "@/components/ui/text-link";

const TONES: Record<InvoiceStatus, BadgeTone> = {
  paid: "success",
  partially_refunded: "warning",
  refunded: "neutral",
  disputed: "warning",
  open: "accent",
  failed: "warning",
  cancelled: "neutral",
};

type Props = {
  labelledBy: string;
  rows: InvoiceRow[];
  slug: string;
  workspaceId: string;
  timeZone: string;
};

/** One page of payments: date, what it was, amount and status, and the receipt with its PDF. */
export function InvoicesTable({ labelledBy, rows, slug, workspaceId, timeZone }: Props) {
  return (
    <Table aria-labelledby={labelledBy}>
      <TableHead>
        <tr>
          <Th className="hidden sm:table-cell">Date</Th>
          <Th className="pr-3 sm:pr-6">Description</Th>
          <Th className="pl-3 text-right sm:px-6">Amount</Th>
          <Th className="hidden md:table-cell">Status</Th>
          <Th>Receipt</Th>
        </tr>
      </TableHead>
      <TableBody>
        {rows.map((row) => {
          const badge = <Badge tone={TONES[row.status]}>{INVOICE_STATUS_LABELS[row.status]}</Badge>;
          const date = (
            <time dateTime={row.at.toISOString()} className="whitespace-nowrap">
              {formatTimestamp(row.at, timeZone)}
            </time>
          );
          return (
            <tr key={row.id} data-testid="invoice-row" data-kind={row.kind} data-status={row.status}>
              <Td className="hidden text-slate-600 tabular-nums sm:table-cell dark:text-slate-400">{date}</Td>
              <Td className="pr-3 whitespace-normal sm:pr-6">
                <span className="font-medium text-slate-900 dark:text-white">
                  {RECEIPT_KIND_LABELS[row.kind]}
                </span>
                <span className="block text-xs text-slate-600 dark:text-slate-400">
                  {row.description}
                  <span className="sm:hidden"> · {date}</span>
                </span>
                {row.failureMessage ? (
                  <span className="block text-xs text-slate-600 dark:text-slate-400">
                    {row.failureMessage}
                  </span>
                ) : null}
              </Td>
              <Td className="pl-3 text-right font-medium tabular-nums sm:px-6">
                {formatCents(row.amountCents, row.currency)}
                {row.refundedCents > 0 ? (
                  <span className="block text-xs font-normal text-slate-600 dark:text-slate-400">
                    {formatCents(-row.refundedCents, row.currency)} refunded
                  </span>
                ) : null}
                <span className="mt-1 block md:hidden">{badge}</span>
              </Td>
              <Td className="hidden md:table-cell">{badge}</Td>
              <Td className="whitespace-nowrap">
                {row.receiptNumber ? (
                  <span className="flex flex-col gap-0.5 text-sm">
                    <Link
                      href={`/w/${slug}/settings/billing/receipts/${row.id}`}
                      className={LINK_CLASS}
                      aria-label={`Receipt ${row.receiptNumber}`}
                    >
                      {row.receiptNumber}
                    </Link>
                    <a
                      href={`/api/workspaces/${workspaceId}/receipts/${row.id}/pdf`}
                      download
                      className={LINK_CLASS}
                      aria-label={`Download receipt ${row.receiptNumber} as PDF`}
                    >
                      PDF
                    </a>
                  </span>
                ) : (
                  <span className="text-xs text-slate-600 dark:text-slate-400">No receipt (not paid)</span>
                )}
              </Td>
            </tr>
          );
        })}
      </TableBody>
    </Table>
  );
}
