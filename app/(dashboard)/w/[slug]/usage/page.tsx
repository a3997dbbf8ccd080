import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { getMember, listMembersWithUsage } from "@/db/queries/members";
import { getUsageBreakdown } from "@/db/queries/analytics";
import { getLatestLimitRequest } from "@/db/queries/member-limit-requests";
import { listMemberGenerations } from "@/db/queries/usage";
import { localToday } from "@/lib/analytics/range";
import { analyticsQuery, parseAnalyticsParams, type AnalyticsParams } from "@/lib/analytics/search-params";
import { requirePageAccess } from "@/lib/auth/page-access";
import { can } from "@/lib/auth/permissions";
import { getClock } from "@/lib/clock";
import { canPoolPay } from "@/lib/credits/pool-status";
import { formatDate, formatTimeZoneName } from "@/lib/format";
import { getMemberAllowance } from "@/lib/ledger";
import { listLimitSettingsThisMonth } from "@/db/queries/audit";
import { ForbiddenNotice } from "@/components/shell/forbidden-notice";
import { PagedTable } from "@/components/ui/pagination";
import { PageHeader } from "@/components/shell/page-header";
import { RangeToolbar } from "@/components/analytics/range-toolbar";
import { UsageReport } from "@/components/analytics/usage-report";
import { AllowanceCard } from "./allowance-card";
import { GenerationsTable } from "./generations-table";
import { LimitStatus } from "./limit-status";
import { RequestMore } from "./request-more";
import { MemberPicker } from "./member-picker";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

// Usage changes with every generation: never prerender.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "My usage" };

const PAGE_SIZE = 25;

const LINK = "font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300";

type SearchParams = Record<string, string | string[] | undefined>;
type Props = { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> };

function first(value: string | string[] | undefined): string | null {
  const one = Array.isArray(value) ? value[0] : value;
  return one && one.length > 0 ? one : null;
}

function usageHref(slug: string, member: string | null, cursor: number | null, range: string): string {
  const params = new URLSearchParams(range);
  if (member) params.set("member", member);
  if (cursor) params.set("cursor", String(cursor));
  const query = params.toString();
  return `/w/${slug}/usage${query ? `?${query}` : ""}`;
}

export default async function UsagePage({ params, searchParams }: Props) {
  const { slug } = await params;
  const basePath = `/w/${slug}/usage`;
  const { allowed, access } = await requirePageAccess(slug, "usage:view-own", basePath);
  if (!allowed) {
    return <ForbiddenNotice slug={slug} title="My usage" role={access.role} />;
  }

  const query = await searchParams;
  const { workspace, user } = access;
  const db = getDb();
  const clock = getClock();
  const now = clock.now();
  const canViewOthers = can(access.role, "members:view");

  // Whose usage: one's own, or (owners and admins only) a current member of this workspace.
  const requested = first(query.member);
  let subject = { membershipId: access.membershipId, name: user.name, email: user.email, isSelf: true };
  if (requested && requested !== access.membershipId) {
    if (!canViewOthers) {
      // The same answer for any value, so it reveals nothing about who is a member.
      return (
        <>
          <ForbiddenNotice slug={slug} title="Member usage" role={access.role} />
          <p className="mt-4 text-center text-sm text-slate-600 dark:text-slate-400">
            You can only see your own usage.{" "}
            <Link href={basePath} className={LINK}>
              Open My usage
            </Link>
          </p>
        </>
      );
    }
    const member = z.uuid().safeParse(requested).success
      ? await getMember(db, workspace.id, requested)
      : null;
    if (!member) notFound();
    subject = {
      membershipId: member.membership.id,
      name: member.user.name,
      email: member.user.email,
      isSelf: false,
    };
  }

  const cursorParam = Number(first(query.cursor));
  const cursor = Number.isSafeInteger(cursorParam) && cursorParam > 0 ? cursorParam : null;
  const memberParam = subject.isSelf ? null : subject.membershipId;
  // The range and the chart's stacking; the member is the page's subject, never a filter.
  const today = localToday(now, workspace.timeZone);
  const view = {
    ...parseAnalyticsParams(query, today),
    member: null,
    apiKey: null,
    model: null,
    feature: null,
  };
  const viewQuery = (changes: Partial<AnalyticsParams> = {}) => analyticsQuery(view, changes);
  const withMember = (changes: Partial<AnalyticsParams>) => {
    const params = new URLSearchParams(viewQuery(changes));
    if (memberParam) params.set("member", memberParam);
    const q = params.toString();
    return q ? `${basePath}?${q}` : basePath;
  };
  const [allowance, page, roster, breakdown, poolCanPay, latestRequest, [limitSet]] = await Promise.all([
    getMemberAllowance({ db, clock }, workspace.id, subject.membershipId),
    listMemberGenerations(db, workspace.id, subject.membershipId, { cursor, limit: PAGE_SIZE }),
    canViewOthers ? listMembersWithUsage(db, workspace.id, now) : null,
    getUsageBreakdown(db, workspace.id, {
      from: view.range.from,
      to: view.range.to,
      membershipId: subject.membershipId,
    }),
    canPoolPay({ db, clock }, workspace.id),
    subject.isSelf ? getLatestLimitRequest(db, workspace.id, subject.membershipId) : null,
    listLimitSettingsThisMonth(db, workspace.id, now, [subject.membershipId]),
  ]);
  if (!allowance) notFound();
  const timeZoneName = formatTimeZoneName(workspace.timeZone, now);

  return (
    <div className="space-y-6">
      <PageHeader
        title={subject.isSelf ? "My usage" : `${subject.name}'s usage`}
        description={
          subject.isSelf
            ? `Your credits this month in ${workspace.name} and the generations you made.`
            : `${subject.email} · credits this month in ${workspace.name} and their generations.`
        }
        actions={
          roster ? (
            <MemberPicker
              key={subject.membershipId}
              action={basePath}
              members={roster.members}
              selected={subject.membershipId}
              ownMembershipId={access.membershipId}
            />
          ) : null
        }
      />

      <LimitStatus
        allowance={allowance}
        timeZone={workspace.timeZone}
        poolCanPay={poolCanPay}
        isSelf={subject.isSelf}
        memberName={subject.name}
      />

      <AllowanceCard
        allowance={allowance}
        limitSet={limitSet ?? null}
        timeZone={workspace.timeZone}
        now={now}
        isSelf={subject.isSelf}
        memberName={subject.name}
      />

      {subject.isSelf && (allowance.limit !== null || latestRequest?.status === "open") ? (
        <RequestMore
          key={latestRequest ? `${latestRequest.id}:${latestRequest.status}` : "none"}
          workspaceId={workspace.id}
          autoFocus={first(query.request) === "more"}
          latest={
            latestRequest
              ? {
                  id: latestRequest.id,
                  status: latestRequest.status,
                  amount: latestRequest.amount,
                  reason: latestRequest.reason,
                  grant: latestRequest.grant,
                  note: latestRequest.decisionNote,
                  askedOn: formatDate(latestRequest.createdAt, workspace.timeZone),
                }
              : null
          }
        />
      ) : null}

      <RangeToolbar
        basePath={basePath}
        keep={memberParam ? { member: memberParam } : undefined}
        state={view}
        today={today}
        timeZoneName={timeZoneName}
      />

      <UsageReport
        breakdown={breakdown}
        range={view.range}
        stack={view.stack}
        stackHrefs={{ feature: withMember({ stack: "feature" }), model: withMember({ stack: "model" }) }}
        emptyHint={
          subject.isSelf
            ? "Generations you make in this period will show up here by model and feature."
            : `Generations ${subject.name} makes in this period will show up here by model and feature.`
        }
      />

      <Card aria-labelledby="generations-heading">
        <div className="px-6 pt-5 pb-4">
          <h2 id="generations-heading" className="text-base font-semibold text-slate-900 dark:text-white">
            Recent generations
          </h2>
        </div>
        <PagedTable
          label="Generation pages"
          newestHref={cursor ? usageHref(slug, memberParam, null, viewQuery()) : null}
          olderHref={page.nextCursor ? usageHref(slug, memberParam, page.nextCursor, viewQuery()) : null}
          olderLabel="Older generations →"
          emptyClassName="px-6 pb-6"
          empty={
            page.items.length > 0 ? null : cursor ? (
              <EmptyState title="No older generations">
                <Link href={usageHref(slug, memberParam, null, viewQuery())} className={LINK}>
                  Back to the newest
                </Link>
              </EmptyState>
            ) : (
              <EmptyState title="No generations yet">
                {subject.isSelf
                  ? "Images, videos and edits you make will show up here with the credits they cost."
                  : `Generations ${subject.name} makes will show up here with the credits they cost.`}
              </EmptyState>
            )
          }
        >
          <GenerationsTable
            labelledBy="generations-heading"
            generations={page.items}
            timeZone={workspace.timeZone}
            timeZoneName={timeZoneName}
          />
        </PagedTable>
      </Card>
    </div>
  );
}
