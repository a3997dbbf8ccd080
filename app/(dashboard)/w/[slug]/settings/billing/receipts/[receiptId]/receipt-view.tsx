import { formatCents } from "@/lib/billing/top-ups";
import { formatCredits, formatTimestampWithZone } from "@/lib/format";
import { RECEIPT_KIND_LABELS } from "@/lib/receipts/figures";
import { billedToLines, reversalLabel, taxNote, type Receipt } from "@/lib/receipts/receipt";
import { Card, CardBody } from "@/components/ui/card";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";

const TERM = "text-xs font-medium tracking-wide text-slate-600 uppercase dark:text-slate-400";

function Row({ label, value, strong = false }: { label: string; value: string; strong?: boolean }) {
  return (
    <div className="flex justify-between gap-6 py-1.5 text-sm">
      <dt
        className={
          strong ? "font-semibold text-slate-900 dark:text-white" : "text-slate-700 dark:text-slate-300"
        }
      >
        {label}
      </dt>
      <dd className={strong ? "font-semibold text-slate-900 tabular-nums dark:text-white" : "tabular-nums"}>
        {value}
      </dd>
    </div>
  );
}

/** The receipt as a page: the same figures, seller, buyer, tax line and refunds as its PDF. */
export function ReceiptView({ receipt }: { receipt: Receipt }) {
  const money = (cents: number) => formatCents(cents, receipt.currency);
  return (
    <Card aria-labelledby="receipt-heading" data-testid="receipt">
      <CardBody className="space-y-8">
        <div className="flex flex-wrap justify-between gap-4">
          <div>
            <h2 id="receipt-heading" className="text-base font-semibold text-slate-900 dark:text-white">
              {RECEIPT_KIND_LABELS[receipt.kind]}
            </h2>
            <p className="text-sm text-slate-700 dark:text-slate-300">
              Receipt number <span data-testid="receipt-number">{receipt.number}</span>
            </p>
          </div>
          <p className="text-sm text-slate-700 dark:text-slate-300">
            Paid{" "}
            <time dateTime={receipt.paidAt.toISOString()}>
              {formatTimestampWithZone(receipt.paidAt, receipt.timeZone)}
            </time>
            {receipt.paymentReference ? (
              <span
                className="block text-xs text-slate-600 dark:text-slate-400"
                data-testid="payment-reference"
              >
                Reference {receipt.paymentReference}
              </span>
            ) : null}
          </p>
        </div>
        <div className="grid gap-6 sm:grid-cols-2">
          <div>
            <h3 className={TERM}>From</h3>
            <address className="mt-1 text-sm text-slate-700 not-italic dark:text-slate-300">
              {[...receipt.seller.addressLines, receipt.seller.email, `Tax ID: ${receipt.seller.taxId}`].map(
                (line) => (
                  <span key={line} className="block">
                    {line}
                  </span>
                ),
              )}
            </address>
          </div>
          <div>
            <h3 className={TERM}>Billed to</h3>
            <address
              className="mt-1 text-sm text-slate-700 not-italic dark:text-slate-300"
              data-testid="billed-to"
            >
              {billedToLines(receipt).map((line, i) => (
                <span key={i} className="block break-words">
                  {line}
                </span>
              ))}
            </address>
          </div>
        </div>
        <div>
          <Table aria-label="What was bought">
            <TableHead>
              <tr>
                <Th>Description</Th>
                <Th className="text-right">Credits</Th>
                <Th className="text-right">Amount</Th>
              </tr>
            </TableHead>
            <TableBody>
              <tr>
                <Td className="whitespace-normal">{receipt.line.description}</Td>
                <Td className="text-right tabular-nums">
                  {receipt.line.credits === null ? "—" : formatCredits(receipt.line.credits)}
                </Td>
                <Td className="text-right tabular-nums">{money(receipt.line.amountCents)}</Td>
              </tr>
            </TableBody>
          </Table>
        </div>
        <dl
          className="ml-auto max-w-sm divide-y divide-slate-100 dark:divide-slate-800"
          data-testid="receipt-totals"
        >
          <Row label="Subtotal" value={money(receipt.totals.paidCents)} />
          <Row label="Tax" value={money(receipt.totals.taxCents)} />
          <Row label="Amount paid" value={money(receipt.totals.paidCents)} strong />
          {receipt.reversals.map((reversal) => (
            <Row
              key={reversal.id}
              label={reversalLabel(reversal, receipt.timeZone)}
              value={`-${money(reversal.amountCents)}`}
            />
          ))}
          {receipt.reversals.length > 0 ? (
            <Row label="Net paid" value={money(receipt.totals.netCents)} strong />
          ) : null}
        </dl>
        <p className="text-xs text-slate-600 dark:text-slate-400">{taxNote(receipt)}</p>
      </CardBody>
    </Card>
  );
}
