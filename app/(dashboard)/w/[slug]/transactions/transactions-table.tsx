import type { Transaction } from "@/lib/ledger/index";
import { formatCredits, formatTimestamp } from "@/lib/format";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { entryDetail, entryLabel } from "@/components/credits/labels";
import { EntryFigureCells } from "@/components/credits/entry-figures";
import { formatSplit } from "./split";

type Props = {
  /** Id of the heading that names the table. */
  labelledBy: string;
  transactions: Transaction[];
  timeZone: string;
  timeZoneName: string;
};

/** The full ledger history: one row per entry, with how it split across credit types. */
export function TransactionsTable({ labelledBy, transactions, timeZone, timeZoneName }: Props) {
  return (
    <Table aria-labelledby={labelledBy}>
      <TableHead>
        <tr>
          <Th className="hidden md:table-cell">
            Time <span className="font-normal normal-case">({timeZoneName})</span>
          </Th>
          <Th>Type</Th>
          <Th className="hidden sm:table-cell">Member</Th>
          <Th className="hidden lg:table-cell">Credit types</Th>
          <Th className="px-3 text-right sm:px-6">Amount</Th>
          <Th className="pl-3 text-right sm:pl-6">Balance</Th>
        </tr>
      </TableHead>
      <TableBody>
        {transactions.map((tx) => {
          const info = entryDetail(tx);
          const split = formatSplit(tx.split);
          // Grants, purchases and expiries belong to the workspace rather than to one member.
          const memberName = tx.member?.name || tx.member?.email || "Workspace";
          const time = formatTimestamp(tx.createdAt, timeZone);
          return (
            <tr key={tx.id} data-testid="transaction" data-id={tx.id} data-code={tx.code}>
              <Td className="hidden text-slate-600 tabular-nums md:table-cell dark:text-slate-400">
                <time dateTime={tx.createdAt}>{time}</time>
              </Td>
              <Th scope="row" className="pr-3 sm:min-w-40 sm:pr-6">
                <span className="font-medium text-slate-900 dark:text-white" data-testid="transaction-type">
                  {entryLabel(tx.code)}
                </span>
                {info ? (
                  <span
                    className="block text-xs whitespace-nowrap text-slate-600 dark:text-slate-400"
                    data-testid="transaction-detail"
                  >
                    {info}
                  </span>
                ) : null}
                {tx.owed !== 0 ? (
                  <span
                    className="block text-xs font-medium whitespace-nowrap text-red-700 dark:text-red-300"
                    data-testid="transaction-owed"
                  >
                    {tx.owed > 0
                      ? `${formatCredits(tx.owed)} already spent: owed`
                      : `Paid ${formatCredits(-tx.owed)} owed`}
                  </span>
                ) : null}
                {split ? (
                  <span className="block text-xs text-slate-600 lg:hidden dark:text-slate-400">{split}</span>
                ) : null}
                {/* On narrow screens the member and time fold in here. */}
                <span className="block text-xs text-slate-600 sm:hidden dark:text-slate-400">
                  {memberName}
                </span>
                <span className="block text-xs whitespace-nowrap text-slate-600 md:hidden dark:text-slate-400">
                  <time dateTime={tx.createdAt}>{time}</time>
                </span>
              </Th>
              <Td
                className="hidden text-slate-700 sm:table-cell dark:text-slate-300"
                data-testid="transaction-member"
              >
                {memberName}
              </Td>
              <Td
                className="hidden text-slate-600 lg:table-cell dark:text-slate-400"
                data-testid="transaction-split"
              >
                {split || "—"}
              </Td>
              <EntryFigureCells amount={tx.amount} balanceAfter={tx.balanceAfter} wide="sm" />
            </tr>
          );
        })}
      </TableBody>
    </Table>
  );
}
