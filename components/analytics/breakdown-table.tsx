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

/**
 * Rows with generations, credits and a share bar. Where the table is narrow (a phone, or a half-width
 * card on a desktop: a container query, not the viewport) the share bar gives way (the share shows
 * under the credits) and names may wrap, so the figures fit beside them.
 */
export function BreakdownTable({ rows, total, label, firstColumn, headers, testId }: Props) {
  return (
    <div className="@container">
      <Table aria-label={label} data-testid={testId}>
        <TableHead>
          <tr>
            <Th className="pr-3 @xl:pr-6">{headers?.first ?? firstColumn}</Th>
            <Th className="px-3 text-right @xl:px-6">{headers?.generations ?? "Generations"}</Th>
            <Th className="pl-3 text-right @xl:px-6">{headers?.credits ?? "Credits"}</Th>
            <Th className="hidden w-40 @xl:table-cell">Share</Th>
          </tr>
        </TableHead>
        <TableBody>
          {rows.map((row) => {
            const share = formatShare(row.credits, total);
            return (
              <tr key={row.id} data-testid="breakdown-row">
                <Th scope="row" className="pr-3 [overflow-wrap:anywhere] @xl:max-w-64 @xl:truncate @xl:pr-6">
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
                    <span className="block text-xs text-slate-500 @xl:truncate dark:text-slate-400">
                      {row.detail}
                    </span>
                  ) : null}
                </Th>
                <Td className="px-3 text-right tabular-nums @xl:px-6" data-testid="row-generations">
                  {formatCredits(row.generations)}
                </Td>
                <Td className="pl-3 text-right tabular-nums @xl:px-6">
                  <span className="font-medium" data-testid="row-credits">
                    {formatCredits(row.credits)}
                  </span>
                  <span className="block text-xs text-slate-600 @xl:hidden dark:text-slate-400">{share}</span>
                </Td>
                <Td className="hidden @xl:table-cell">
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
    </div>
  );
}
