import Link from "next/link";
import { CardBody } from "@/components/ui/card";
import type { Transaction } from "@/lib/ledger";
import { formatDateTime } from "@/lib/format";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { EmptyState } from "@/components/ui/empty-state";
import { EntryFigureCells } from "./entry-figures";
import { entryDetail, entryLabel } from "./labels";

type Props = {
  /** Id of the heading that names the table. */
  labelledBy: string;
  transactions: Transaction[];
  timeZone: string;
  timeZoneName: string;
};

/** The latest ledger entries with their running balance. */
export function RecentTransactions({ labelledBy, transactions, timeZone, timeZoneName }: Props) {
  if (transactions.length === 0) {
    return (
      <EmptyState title="No transactions yet">
        Credits added to or spent from this workspace will show up here.
      </EmptyState>
    );
  }
  // Sized by the card it sits in, not the window: member and time get their own columns only when
  // the card is wide enough (the overview), and fold in under the type otherwise (Billing, phones).
  return (
    <div className="@container">
      <Table aria-labelledby={labelledBy}>
        <TableHead>
          <tr>
            {/* On a phone the zone note may wrap, and the columns sit closer, so Balance fits. */}
            <Th className="pr-3 whitespace-normal @2xl:pr-6 @2xl:whitespace-nowrap">
              Type
              <span className="font-normal normal-case @2xl:hidden"> · times in {timeZoneName}</span>
            </Th>
            <Th className="hidden @2xl:table-cell">Member</Th>
            <Th className="px-3 text-right @2xl:px-6">Amount</Th>
            <Th className="pl-3 text-right @2xl:pl-6">Balance</Th>
            <Th className="hidden text-right @2xl:table-cell">
              Time <span className="font-normal normal-case">({timeZoneName})</span>
            </Th>
          </tr>
        </TableHead>
        <TableBody>
          {transactions.map((tx) => {
            const info = entryDetail(tx);
            // Grants, purchases and expiries belong to the workspace rather than to one member.
            const memberName = tx.member?.name || "Workspace";
            const time = formatDateTime(tx.createdAt, timeZone);
            return (
              <tr key={tx.id} data-testid="recent-transaction" data-id={tx.id} data-code={tx.code}>
                <Th scope="row" className="pr-3 @2xl:pr-6">
                  <span className="font-medium text-slate-900 dark:text-white">{entryLabel(tx.code)}</span>
                  {info ? (
                    <span className="block text-xs text-slate-600 dark:text-slate-400">{info}</span>
                  ) : null}
                  <span className="block text-xs text-slate-600 @2xl:hidden dark:text-slate-400">
                    {memberName} ·{" "}
                    <time dateTime={tx.createdAt} className="whitespace-nowrap" suppressHydrationWarning>
                      {time}
                    </time>
                  </span>
                </Th>
                <Td className="hidden text-slate-700 @2xl:table-cell dark:text-slate-300">{memberName}</Td>
                <EntryFigureCells amount={tx.amount} balanceAfter={tx.balanceAfter} wide="@2xl" />
                <Td className="hidden text-right text-slate-600 @2xl:table-cell dark:text-slate-400">
                  <time dateTime={tx.createdAt} suppressHydrationWarning>
                    {time}
                  </time>
                </Td>
              </tr>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}

/** The Credits card's Recent Transactions section: heading, link to the full history, the table. */
export function RecentTransactionsSection({
  id,
  slug,
  transactions,
  timeZone,
  timeZoneName,
}: {
  id: string;
  slug: string;
  transactions: Transaction[];
  timeZone: string;
  timeZoneName: string;
}) {
  return (
    <CardBody className="border-t border-slate-200 pt-5 pb-0 dark:border-slate-800">
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={id} className="text-sm font-semibold text-slate-900 dark:text-white">
          Recent Transactions
        </h3>
        <Link
          href={`/w/${slug}/transactions`}
          className="text-sm font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
        >
          View all transactions →
        </Link>
      </div>
      <div className={transactions.length === 0 ? "pb-6" : undefined}>
        <RecentTransactions
          labelledBy={id}
          transactions={transactions}
          timeZone={timeZone}
          timeZoneName={timeZoneName}
        />
      </div>
    </CardBody>
  );
}
