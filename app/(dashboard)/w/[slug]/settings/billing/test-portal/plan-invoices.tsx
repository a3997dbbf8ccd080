import type { PlanInvoice } from "@/lib/payments/test-mode-invoices";
import type { PortalPaymentState } from "@/lib/payments/test-portal";
import { formatCents } from "@/lib/billing/top-ups";
import { formatTimestamp } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { ReversalButtons } from "./reversal-buttons";

const TERMS = { month: "Monthly", quarter: "Quarterly", year: "Annual" } as const;

/** The test-mode portal's subscription invoices, as Stripe's customer portal lists them beside one-off payments. */
export function PlanInvoices({
  invoices,
  workspaceId,
  timeZone,
}: {
  invoices: (PlanInvoice & { state: PortalPaymentState })[];
  workspaceId: string;
  timeZone: string;
}) {
  return (
    <Card aria-labelledby="plan-invoices-heading" className="mt-6" data-testid="plan-invoices">
      <div className="px-6 py-4">
        <h2 id="plan-invoices-heading" className="text-base font-semibold text-slate-900 dark:text-white">
          Plan invoices
        </h2>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          The subscription, billed at the start of each term, newest first.
        </p>
      </div>
      {invoices.length === 0 ? (
        <div className="border-t border-slate-200 px-6 py-5 dark:border-slate-800">
          <EmptyState title="No plan invoices yet">
            A paid plan is billed here at the start of each term.
          </EmptyState>
        </div>
      ) : (
        <div className="px-6">
          <Table aria-labelledby="plan-invoices-heading">
            <TableHead>
              <tr>
                <Th className="pr-3 sm:pr-6">Description</Th>
                <Th className="pl-3 text-right sm:px-6">Amount</Th>
                <Th className="hidden sm:table-cell">Status</Th>
                <Th className="text-right">
                  <span className="sr-only">Test mode actions</span>
                </Th>
              </tr>
            </TableHead>
            <TableBody>
              {invoices.map((invoice) => (
                <tr key={invoice.id} data-testid="plan-invoice">
                  <Td className="pr-3 whitespace-normal sm:pr-6">
                    <span className="font-medium text-slate-900 dark:text-white">
                      {invoice.planName} plan · {TERMS[invoice.interval]}
                    </span>
                    <time
                      dateTime={invoice.at.toISOString()}
                      className="block text-xs text-slate-600 tabular-nums dark:text-slate-400"
                    >
                      {formatTimestamp(invoice.at, timeZone)}
                    </time>
                  </Td>
                  <Td className="pl-3 text-right font-medium tabular-nums sm:px-6">
                    {formatCents(invoice.amountCents)}
                    <span className="mt-1 block sm:hidden">
                      <Badge tone="success">Paid</Badge>
                    </span>
                  </Td>
                  <Td className="hidden sm:table-cell">
                    <Badge tone="success">Paid</Badge>
                  </Td>
                  <Td className="text-right">
                    <ReversalButtons
                      workspaceId={workspaceId}
                      payment={{ invoiceId: invoice.id }}
                      label={`the ${invoice.planName} plan invoice`}
                      state={invoice.state}
                    />
                  </Td>
                </tr>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </Card>
  );
}
