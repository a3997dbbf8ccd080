import Link from "next/link";
import { formatCredits } from "@/lib/format";
import type { MEMBER_SORT } from "@/lib/analytics/search-params";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { BreakdownTable } from "@/components/analytics/breakdown-table";

type SortKey = (typeof MEMBER_SORT)[number];
type Row = {
  key: string | null;
  name: string;
  email: string;
  isRemoved: boolean;
  generations: number;
  credits: number;
};

type Props = {
  rows: Row[];
  total: number;
  sort: SortKey;
  dir: "asc" | "desc";
  sortHref: (sort: SortKey, dir: "asc" | "desc") => string;
  usageHref: (membershipId: string) => string;
};

const NAMES: Record<SortKey, string> = { name: "Member", generations: "Generations", credits: "Credits" };

/** Credits, generations and share per member, sortable through the URL. */
export function MembersBreakdown({ rows, total, sort, dir, sortHref, usageHref }: Props) {
  const header = (key: SortKey) => {
    const isSorted = sort === key;
    const next = isSorted ? (dir === "asc" ? "desc" : "asc") : key === "name" ? "asc" : "desc";
    return (
      <Link
        href={sortHref(key, next)}
        scroll={false}
        aria-label={`${NAMES[key]}, sort ${next === "asc" ? "ascending" : "descending"}`}
        aria-current={isSorted ? "true" : undefined}
        className="inline-flex items-center gap-1 rounded-sm uppercase hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:hover:text-white"
      >
        {NAMES[key]}
        <span aria-hidden="true">{isSorted ? (dir === "asc" ? "▲" : "▼") : ""}</span>
      </Link>
    );
  };
  return (
    <Card aria-labelledby="by-member-heading">
      <div className="flex flex-wrap items-baseline justify-between gap-2 px-6 pt-5 pb-4">
        <h2 id="by-member-heading" className="text-base font-semibold text-slate-900 dark:text-white">
          By member
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {rows.length === 1 ? "1 member" : `${formatCredits(rows.length)} members`} used credits in this
          period
        </p>
      </div>
      {rows.length === 0 ? (
        <div className="px-6 pb-6">
          <EmptyState title="No member used credits in this period" />
        </div>
      ) : (
        <div className="px-6">
          <BreakdownTable
            rows={rows.map((row) => ({
              id: row.key ?? "none",
              name: row.isRemoved ? `${row.name} (removed)` : row.name,
              detail: row.email,
              href: row.key ? usageHref(row.key) : undefined,
              generations: row.generations,
              credits: row.credits,
            }))}
            total={total}
            label="Usage by member"
            firstColumn="Member"
            headers={{
              first: header("name"),
              generations: header("generations"),
              credits: header("credits"),
            }}
            testId="by-member"
          />
        </div>
      )}
    </Card>
  );
}
