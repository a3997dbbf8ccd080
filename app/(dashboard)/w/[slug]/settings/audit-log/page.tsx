import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db";
import { listAuditActors, listAuditEvents } from "@/db/queries/audit";
import { requirePageAccess } from "@/lib/auth/page-access";
import { getClock } from "@/lib/clock";
import { formatTimeZoneName } from "@/lib/format";
import { AuditFilters } from "./audit-filters";
import { AuditLogTable } from "./audit-log-table";
import { ForbiddenNotice } from "@/components/shell/forbidden-notice";
import { PagedTable } from "@/components/ui/pagination";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import {
  auditLogHref,
  hasFilters,
  parseAuditSearch,
  toAuditFilter,
  type RawSearchParams,
} from "./search-params";

// Every change lands here as it happens: never prerender.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = 50;

const LINK = "font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<RawSearchParams> };

export default async function AuditLogPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const basePath = `/w/${slug}/settings/audit-log`;
  const { allowed, access } = await requirePageAccess(slug, "audit-log:view", basePath);
  if (!allowed) {
    return <ForbiddenNotice slug={slug} title="Audit log" role={access.role} />;
  }

  const { workspace } = access;
  const search = parseAuditSearch(await searchParams);
  const db = getDb();
  const [page, actors] = await Promise.all([
    listAuditEvents(db, workspace.id, {
      cursor: search.cursor,
      limit: PAGE_SIZE,
      filter: toAuditFilter(search, workspace.timeZone),
    }),
    listAuditActors(db, workspace.id),
  ]);
  const isFiltered = hasFilters(search);
  const filters = { action: search.action, actor: search.actor, from: search.from, to: search.to };
  const timeZoneName = formatTimeZoneName(workspace.timeZone, getClock().now());

  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Every change owners and admins made in ${workspace.name}: who made it, when, and what it was before and after.`}
      />

      <Card aria-labelledby="audit-events-heading">
        <div className="space-y-4 px-6 py-5">
          <h2 id="audit-events-heading" className="sr-only">
            Events
          </h2>
          {/* Keyed by the URL's filters so Clear and Back reset the fields too. */}
          <AuditFilters
            key={JSON.stringify(filters)}
            basePath={basePath}
            actors={actors}
            values={filters}
            isFiltered={isFiltered}
          />
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Dates and times are in the workspace&apos;s time zone, {workspace.timeZone} ({timeZoneName}).
          </p>
        </div>

        <PagedTable
          label="Audit log pages"
          newestHref={search.cursor ? auditLogHref(slug, { ...search, cursor: null }) : null}
          olderHref={page.nextCursor ? auditLogHref(slug, { ...search, cursor: page.nextCursor }) : null}
          olderLabel="Older events →"
          emptyClassName="border-t border-slate-200 px-6 py-5 dark:border-slate-800"
          empty={
            page.items.length > 0 ? null : isFiltered ? (
              <EmptyState title="No events match these filters">
                <Link href={basePath} className={LINK}>
                  Clear the filters
                </Link>{" "}
                to see every change.
              </EmptyState>
            ) : search.cursor ? (
              <EmptyState title="No older events">
                <Link href={basePath} className={LINK}>
                  Back to the newest
                </Link>
              </EmptyState>
            ) : (
              <EmptyState title="No changes recorded yet">
                Changes to members, limits, roles, invitations and workspace settings will be listed here.
              </EmptyState>
            )
          }
        >
          <AuditLogTable
            labelledBy="audit-events-heading"
            events={page.items}
            timeZone={workspace.timeZone}
            timeZoneName={timeZoneName}
          />
        </PagedTable>
      </Card>
    </>
  );
}
