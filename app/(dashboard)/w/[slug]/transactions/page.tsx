import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db";
import { listMembersWithUsage } from "@/db/queries/members";
import { requirePageAccess } from "@/lib/auth/page-access";
import { getClock } from "@/lib/clock";
import { formatTimeZoneName } from "@/lib/format";
import { listTransactions } from "@/lib/ledger";
import { TRANSACTION_TYPES, toTransactionFilter } from "@/lib/ledger/filters";
import { TransactionsTable } from "./transactions-table";
import { ForbiddenNotice } from "@/components/shell/forbidden-notice";
import { buttonClasses } from "@/components/ui/button";
import { DownloadIcon } from "@/components/ui/download-icon";
import { PagedTable } from "@/components/ui/pagination";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import {
  exportHref,
  hasFilters,
  parseTransactionSearch,
  transactionsHref,
  type RawSearchParams,
} from "./search-params";
import { TransactionFilters } from "./transaction-filters";

// Every purchase and generation lands here as it happens: never prerender.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Transactions" };

const PAGE_SIZE = 25;

const LINK = "font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<RawSearchParams> };

/** Every ledger entry of the workspace, newest first, filtered by the URL and paged by keyset. */
export default async function TransactionsPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const basePath = `/w/${slug}/transactions`;
  const { allowed, access } = await requirePageAccess(slug, "credits:view", basePath);
  if (!allowed) {
    return <ForbiddenNotice slug={slug} title="Transactions" role={access.role} />;
  }

  const { workspace } = access;
  const search = parseTransactionSearch(await searchParams);
  const db = getDb();
  const now = getClock().now();
  const [page, { members }] = await Promise.all([
    listTransactions(db, workspace.id, {
      limit: PAGE_SIZE,
      cursor: search.cursor,
      filter: toTransactionFilter(search, workspace.timeZone),
    }),
    listMembersWithUsage(db, workspace.id, now),
  ]);
  const isFiltered = hasFilters(search);
  const filters = {
    type: search.type ?? null,
    member: search.member ?? null,
    from: search.from ?? null,
    to: search.to ?? null,
  };
  const timeZoneName = formatTimeZoneName(workspace.timeZone, now);

  return (
    <>
      <PageHeader
        title="Transactions"
        description={`Every credit added to or spent from ${workspace.name}, newest first, with the balance after each.`}
        actions={
          <a
            href={exportHref(workspace.id, search)}
            download
            className={buttonClasses("secondary")}
            data-testid="export-csv"
          >
            <DownloadIcon />
            Export CSV
          </a>
        }
      />

      <Card aria-labelledby="transactions-heading">
        <div className="space-y-4 px-6 py-5">
          <h2 id="transactions-heading" className="sr-only">
            Ledger entries
          </h2>
          {/* Keyed by the URL's filters so Clear and Back reset the fields too. */}
          <TransactionFilters
            key={JSON.stringify(filters)}
            basePath={basePath}
            types={Object.entries(TRANSACTION_TYPES).map(([value, { label }]) => ({ value, label }))}
            members={members.map((m) => ({ id: m.membershipId, name: m.name, email: m.email }))}
            values={filters}
            isFiltered={isFiltered}
          />
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Dates and times are in the workspace&apos;s time zone, {workspace.timeZone} ({timeZoneName}).
            Export CSV downloads every entry that matches the filters, not only this page.
          </p>
        </div>

        <PagedTable
          label="Transaction pages"
          newestHref={search.cursor ? transactionsHref(slug, { ...search, cursor: null }) : null}
          olderHref={page.nextCursor ? transactionsHref(slug, { ...search, cursor: page.nextCursor }) : null}
          olderLabel="Older →"
          emptyClassName="border-t border-slate-200 px-6 py-5 dark:border-slate-800"
          empty={
            page.items.length > 0 ? null : search.cursor ? (
              <EmptyState title="No older entries">
                <Link href={transactionsHref(slug, { ...search, cursor: null })} className={LINK}>
                  Back to the newest
                </Link>
              </EmptyState>
            ) : isFiltered ? (
              <EmptyState title="No transactions match these filters">
                <Link href={basePath} className={LINK}>
                  Clear the filters
                </Link>{" "}
                to see every entry.
              </EmptyState>
            ) : (
              <EmptyState title="No transactions yet">
                Credits granted, bought or spent in this workspace will be listed here.
              </EmptyState>
            )
          }
        >
          <TransactionsTable
            labelledBy="transactions-heading"
            transactions={page.items}
            timeZone={workspace.timeZone}
            timeZoneName={timeZoneName}
          />
        </PagedTable>
      </Card>
    </>
  );
}
