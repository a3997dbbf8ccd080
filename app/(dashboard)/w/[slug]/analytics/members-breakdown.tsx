import Link from "next/link";
import { formatCredits } from "@/lib/format";
import type { MemberPage } from "@/lib/analytics/member-page";
import type { MEMBER_SORT } from "@/lib/analytics/search-params";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PagedTable } from "@/components/ui/pagination";
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
  /** The page of rows shown, in the table's order, and where it is among them all. */
  members: MemberPage<Row>;
  total: number;
  sort: SortKey;
  dir: "asc" | "desc";
  sortHref: (sort: SortKey, dir: "asc" | "desc") => string;
  usageHref: (membershipId: string) => string;
  /** Another page of the table, same range, filters and sort. */
  pageHref: (page: number) => string;
};

const NAMES: Record<SortKey, string> = { name: "Member", generations: "Generations", credits: "Credits" };

/** Credits, generations and share per member, sortable and paged (25 a page) through the URL. */
export function MembersBreakdown({ members, total, sort, dir, sortHref, usageHref, pageHref }: Props) {
  const { rows, page, pageCount } = members;
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
          {members.total === 1 ? "1 member" : `${formatCredits(members.total)} members`} used credits in this
          period
        </p>
      </div>
      <PagedTable
        label="Member pages"
        newestHref={page > 1 ? pageHref(page - 1) : null}
        newestLabel="← Previous"
        olderHref={page < pageCount ? pageHref(page + 1) : null}
        olderLabel="Next →"
        status={
          <span data-testid="member-page-status">
            {formatCredits(members.first)}–{formatCredits(members.last)} of {formatCredits(members.total)}
            <span className="sr-only">
              {" "}
              members, page {page} of {pageCount}
            </span>
          </span>
        }
        keepScroll
        emptyClassName="px-6 pb-6"
        empty={rows.length === 0 ? <EmptyState title="No member used credits in this period" /> : null}
      >
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
          label={pageCount > 1 ? `Usage by member, page ${page} of ${pageCount}` : "Usage by member"}
          firstColumn="Member"
          headers={{
            first: header("name"),
            generations: header("generations"),
            credits: header("credits"),
          }}
          testId="by-member"
        />
      </PagedTable>
    </Card>
  );
}
