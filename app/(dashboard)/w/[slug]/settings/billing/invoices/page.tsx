import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db";
import { requirePageAccess } from "@/lib/auth/page-access";
import { getClock } from "@/lib/clock";
import { formatTimeZoneName } from "@/lib/format";
import { INVOICE_STATUS_LABELS, RECEIPT_KIND_LABELS } from "@/lib/receipts/figures";
import { listInvoices, type InvoiceRow } from "@/lib/receipts/invoices";
import { describeErrorForLog } from "@/lib/log/safe-error";
import { requestLogger } from "@/lib/log/request-logger";
import { ForbiddenNotice } from "@/components/shell/forbidden-notice";
import { PageHeader } from "@/components/shell/page-header";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DownloadIcon } from "@/components/ui/download-icon";
import { EmptyState } from "@/components/ui/empty-state";
import { FormMessage } from "@/components/ui/form-message";
import { PagedTable } from "@/components/ui/pagination";
import { LINK_CLASS } from "@/components/ui/text-link";
import { InvoiceFilters } from "./invoice-filters";
import { InvoicesTable } from "./invoices-table";
import {
  exportHref,
  hasFilters,
  invoicesHref,
  parseInvoiceSearch,
  type RawSearchParams,
} from "./search-params";

// Payments land here as they are made: never prerender.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Invoices" };

const PAGE_SIZE = 25;

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<RawSearchParams> };

/**
 * Invoices, under Credits & Billing: every credit purchase, auto top-up and plan payment, newest
 * first, filtered by the URL, with each paid one's receipt and PDF, and the filtered list as CSV.
 */
export default async function InvoicesPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const billingPath = `/w/${slug}/settings/billing`;
  const basePath = `${billingPath}/invoices`;
  const { allowed, access } = await requirePageAccess(slug, "credits:purchase", basePath);
  if (!allowed) {
    return <ForbiddenNotice slug={slug} title="Invoices" role={access.role} />;
  }
  const { workspace } = access;
  const search = parseInvoiceSearch(await searchParams);
  const ctx = { db: getDb(), clock: getClock() };
  let rows: InvoiceRow[] | null = null;
  try {
    rows = await listInvoices(ctx, workspace, search);
  } catch (error) {
    // The plan's invoices come from the payments provider, which may be unreachable for a moment.
    (await requestLogger()).warn(`creditpool invoices: could not list: ${describeErrorForLog(error)}`);
  }
  const isFiltered = hasFilters(search);
  const isBackwards = Boolean(search.from && search.to && search.from > search.to);
  const start = (search.page - 1) * PAGE_SIZE;
  const pageRows = rows?.slice(start, start + PAGE_SIZE) ?? [];
  const hasOlder = rows !== null && rows.length > start + PAGE_SIZE;
  const filters = {
    kind: search.kind ?? null,
    status: search.status ?? null,
    from: search.from ?? null,
    to: search.to ?? null,
  };
  const timeZoneName = formatTimeZoneName(workspace.timeZone, ctx.clock.now());

  return (
    <>
      <PageHeader
        title="Invoices"
        description={`Every credit purchase, auto top-up and plan payment of ${workspace.name}, newest first, with its receipt.`}
        actions={
          <>
            <Link href={`${billingPath}#invoices`} className={buttonClasses("secondary")}>
              ← Credits &amp; Billing
            </Link>
            <a
              href={exportHref(workspace.id, search)}
              download
              className={buttonClasses("secondary")}
              data-testid="export-invoices-csv"
            >
              <DownloadIcon />
              Export CSV
            </a>
          </>
        }
      />
      <Card aria-labelledby="invoices-list-heading">
        <div className="space-y-4 px-6 py-5">
          <h2 id="invoices-list-heading" className="sr-only">
            Payments
          </h2>
          <InvoiceFilters
            key={JSON.stringify(filters)}
            basePath={basePath}
            kinds={Object.entries(RECEIPT_KIND_LABELS).map(([value, label]) => ({ value, label }))}
            statuses={Object.entries(INVOICE_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
            values={filters}
            isFiltered={isFiltered}
          />
          {isBackwards ? (
            <FormMessage tone="info">The start date is after the end date, so nothing can match.</FormMessage>
          ) : null}
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Dates and times are in the workspace&apos;s time zone, {workspace.timeZone} ({timeZoneName}).
            Export CSV downloads every payment that matches the filters, not only this page.
          </p>
        </div>
        {rows === null ? (
          <div className="border-t border-slate-200 px-6 py-5 dark:border-slate-800">
            <FormMessage>
              The invoices could not be loaded just now. Reload the page to try again.
            </FormMessage>
          </div>
        ) : (
          <PagedTable
            label="Invoice pages"
            newestHref={search.page > 1 ? invoicesHref(slug, { ...search, page: 1 }) : null}
            olderHref={hasOlder ? invoicesHref(slug, { ...search, page: search.page + 1 }) : null}
            olderLabel="Older →"
            emptyClassName="border-t border-slate-200 px-6 py-5 dark:border-slate-800"
            empty={
              pageRows.length > 0 ? null : search.page > 1 ? (
                <EmptyState title="No older invoices">
                  <Link href={invoicesHref(slug, { ...search, page: 1 })} className={LINK_CLASS}>
                    Back to the newest
                  </Link>
                </EmptyState>
              ) : isFiltered ? (
                <EmptyState title="No invoices match these filters">
                  <Link href={basePath} className={LINK_CLASS}>
                    Clear the filters
                  </Link>{" "}
                  to see every payment.
                </EmptyState>
              ) : (
                <EmptyState title="No invoices yet">
                  Credit purchases, auto top-ups and plan payments are listed here with their receipts.
                </EmptyState>
              )
            }
          >
            <InvoicesTable
              labelledBy="invoices-list-heading"
              rows={pageRows}
              slug={slug}
              workspaceId={workspace.id}
              timeZone={workspace.timeZone}
            />
          </PagedTable>
        )}
      </Card>
    </>
  );
}
