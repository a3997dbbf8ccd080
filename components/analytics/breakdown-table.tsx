import Link from "next/link";
import type { ReactNode } from "react";
import { formatShare } from "@/lib/analytics/share";
import { formatCredits } from "@/lib/format";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";

export type BreakdownRow = {
  id: string;
  name: ReactNode;
  detail?: string;
  href?: string;
  generations: number;
  credits: number;
};

type Props = {
  rows: BreakdownRow[];
  total: number;
  /** Accessible name of the table. */
  label: string;
  firstColumn: string;
  /** Column headers, when the page makes them sortable links. */
  headers?: { first?: ReactNode; generations?: ReactNode; credits?: ReactNode };
  testId?: string;
};

/** Rows with generations, credits and a share bar. */
export function BreakdownTable({ rows, total, label, firstColumn, headers, testId }: Props) {
  return (
    <Table aria-label={label} data-testid={testId}>
      <TableHead>
        <tr>
          <Th>{headers?.first ?? firstColumn}</Th>
          <Th className="text-right">{headers?.generations ?? "Generations"}</Th>
          <Th className="text-right">{headers?.credits ?? "Credits"}</Th>
          <Th className="w-40">Share</Th>
        </tr>
      </TableHead>
      <TableBody>
        {rows.map((row) => {
          const share = formatShare(row.credits, total);
          return (
            <tr key={row.id} data-testid="breakdown-row">
              <Th scope="row" className="max-w-64 truncate">
                {row.href ? (
                  <Link
                    href={row.href}
                    className="font-medium text-slate-900 underline-offset-2 hover:underline dark:text-white"
                  >
                    {row.name}
                  </Link>
                ) : (
                  <span className="font-medium text-slate-900 dark:text-white">{row.name}</span>
                )}
                {row.detail ? (
                  <span className="block truncate text-xs text-slate-500 dark:text-slate-400">
                    {row.detail}
                  </span>
                ) : null}
              </Th>
              <Td className="text-right tabular-nums" data-testid="row-generations">
                {formatCredits(row.generations)}
              </Td>
              <Td className="text-right font-medium tabular-nums" data-testid="row-credits">
                {formatCredits(row.credits)}
              </Td>
              <Td>
                <div className="flex items-center gap-2">
                  <div
                    className="h-1.5 flex-1 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800"
                    aria-hidden="true"
                  >
                    <div
                      className="h-full rounded-full bg-indigo-500"
                      style={{ width: total > 0 ? `${(row.credits / total) * 100}%` : 0 }}
                    />
                  </div>
                  <span className="w-12 text-right text-xs text-slate-600 tabular-nums dark:text-slate-400">
                    {share}
                  </span>
                </div>
              </Td>
            </tr>
          );
        })}
      </TableBody>
    </Table>
  );
}
