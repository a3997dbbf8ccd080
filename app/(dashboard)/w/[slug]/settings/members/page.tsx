import type { Metadata } from "next";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { listOpenLimitRequests } from "@/db/queries/member-limit-requests";
import { countOwners, countSeatsUsed, listMembersWithUsage } from "@/db/queries/members";
import { listPendingInvitations } from "@/db/queries/invitations";
import { listLimitSettingsThisMonth } from "@/db/queries/audit";
import { requirePageAccess } from "@/lib/auth/page-access";
import { can } from "@/lib/auth/permissions";
import { getClock } from "@/lib/clock";
import { formatCredits, formatDate, formatDateTime, formatTimeZoneName, formatTimeOfDay } from "@/lib/format";
import { getBalance } from "@/lib/ledger";
import { ForbiddenNotice } from "@/components/shell/forbidden-notice";
import { parseMembersQuery, selectMembers } from "./member-query";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { Stat } from "@/components/ui/stat";
import { InviteMembersDialog } from "./invite-members-dialog";
import { LimitRequests } from "./limit-requests";
import { ManageAccessButton } from "./manage-access-button";
import { MembersSummary } from "./members-summary";
import { MembersTable } from "./members-table";
import { PendingInvitations } from "./pending-invitations";
import { MemberDefaultsForm } from "./member-defaults-form";
import type { MemberView, PendingInvitationView, ResetsView, WorkspaceRef } from "./types";

// Limits, usage and invitations change all the time: never prerender.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Members" };

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const ACCESS_HEADING_ID = "manage-access";

function describeReset(resetsAt: Date | null, timeZone: string): ResetsView {
  if (!resetsAt) return { date: "Next month", time: "", label: "at the start of next month" };
  const time = formatTimeOfDay(resetsAt, timeZone);
  const date = formatDate(resetsAt.toISOString(), timeZone);
  const zone = formatTimeZoneName(timeZone, resetsAt);
  return { date, time: `${time} ${zone}`, label: `${date}, ${time} ${zone}` };
}

export default async function MembersPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { allowed, access } = await requirePageAccess(slug, "members:view", `/w/${slug}/settings/members`);
  if (!allowed) {
    return <ForbiddenNotice slug={slug} title="Members" role={access.role} />;
  }

  const { workspace } = access;
  const rawQuery = await searchParams;
  const query = parseMembersQuery(rawQuery);
  // The request a notification links to (?request=<id>), highlighted in the Requests list.
  const focusedRequest = z.uuid().safeParse(rawQuery.request);
  const ctx = { db: getDb(), clock: getClock() };
  const now = ctx.clock.now();
  const [
    balance,
    { members: memberRows, resetsAt },
    seatsUsed,
    pending,
    ownerCount,
    requests,
    limitSettings,
  ] = await Promise.all([
    getBalance(ctx, workspace.id),
    listMembersWithUsage(ctx.db, workspace.id, now),
    countSeatsUsed(ctx.db, workspace.id, now),
    listPendingInvitations(ctx.db, workspace.id, now),
    countOwners(ctx.db, workspace.id),
    listOpenLimitRequests(ctx.db, workspace.id),
    listLimitSettingsThisMonth(ctx.db, workspace.id, now),
  ]);
  const limitSetOf = new Map(limitSettings.map((s) => [s.membershipId, s]));

  const resets = describeReset(resetsAt, workspace.timeZone);
  const members: MemberView[] = memberRows.map((m) => ({
    membershipId: m.membershipId,
    name: m.name,
    email: m.email,
    role: m.role,
    monthlyLimit: m.monthlyLimit,
    usedThisMonth: m.usedThisMonth,
    uncountedThisMonth: m.uncountedThisMonth,
    mayUseTopUp: m.mayUseTopUp,
    limitSet: ((set) => (set ? { at: set.at.toISOString(), usedBefore: set.usedBefore } : null))(
      limitSetOf.get(m.membershipId),
    ),
  }));
  const invitations: PendingInvitationView[] = pending.map((invitation) => ({
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    invitedBy: invitation.invitedBy,
    expiresLabel: `${formatDateTime(invitation.expiresAt.toISOString(), workspace.timeZone)} ${formatTimeZoneName(workspace.timeZone, invitation.expiresAt)}`,
  }));
  const workspaceRef: WorkspaceRef = {
    id: workspace.id,
    slug: workspace.slug,
    name: workspace.name,
    timeZone: workspace.timeZone,
  };
  const canManage = can(access.role, "members:manage");
  const seatsTaken = seatsUsed.members + seatsUsed.pending;
  const seatsLeft = Math.max(workspace.seats - seatsTaken, 0);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Members"
        description={
          <>
            Who can spend {workspace.name}&apos;s shared credits, and how much each person may use per month.
          </>
        }
      />

      <Card aria-labelledby="members-overview">
        <h2 id="members-overview" className="sr-only">
          Overview
        </h2>
        <div className="flex flex-col gap-6 px-6 py-5 lg:flex-row lg:items-end lg:justify-between">
          <dl className="grid grid-cols-1 gap-6 sm:grid-cols-2 sm:gap-10">
            <Stat
              label="Total credits remaining"
              value={
                <>
                  {formatCredits(balance?.total ?? 0)}
                  <span className="sr-only"> credits</span>
                </>
              }
              hint="in the shared pool"
              valueTestId="total-credits-remaining"
            />
            <Stat
              label="Seats"
              value={
                <span data-testid="seats-used">
                  {seatsTaken}
                  <span className="text-base font-normal text-slate-500 dark:text-slate-400">
                    {" "}
                    of {workspace.seats} used
                  </span>
                </span>
              }
              hint={
                <span data-testid="seats-available">
                  {seatsLeft === 0 ? "No seats available" : `${seatsLeft} available`} · {seatsUsed.members}{" "}
                  {seatsUsed.members === 1 ? "member" : "members"}, {seatsUsed.pending} pending{" "}
                  {seatsUsed.pending === 1 ? "invitation" : "invitations"}
                </span>
              }
            />
          </dl>
          {canManage ? (
            <div className="flex shrink-0 flex-wrap gap-2">
              <InviteMembersDialog
                workspace={workspaceRef}
                defaults={{
                  monthlyLimit: workspace.defaultMemberMonthlyLimit,
                  mayUseTopUp: workspace.defaultMayUseTopUp,
                }}
                seats={workspace.seats}
                seatsLeft={seatsLeft}
                canInviteOwners={can(access.role, "owners:manage")}
              />
              <ManageAccessButton isOpen={query.isAccessView} controls={ACCESS_HEADING_ID} />
            </div>
          ) : null}
        </div>
      </Card>

      <LimitRequests
        workspaceId={workspace.id}
        canManage={canManage}
        focusedId={focusedRequest.success ? focusedRequest.data : null}
        requests={requests.map((request) => ({
          id: request.id,
          name: request.name,
          email: request.email,
          amount: request.amount,
          reason: request.reason,
          monthlyLimit: request.monthlyLimit,
          askedOn: formatDate(request.createdAt.toISOString(), workspace.timeZone),
        }))}
      />

      {query.isAccessView ? (
        <Card id={`${ACCESS_HEADING_ID}-section`} aria-labelledby={ACCESS_HEADING_ID} className="scroll-mt-6">
          <MembersTable
            members={selectMembers(members, query)}
            totalCount={members.length}
            query={{ q: query.q, sort: query.sort, dir: query.dir }}
            viewer={{
              role: access.role,
              membershipId: access.membershipId,
              canManage,
              canViewUsage: can(access.role, "analytics:view"),
            }}
            ownerCount={ownerCount}
            workspace={workspaceRef}
            resets={resets}
            headingId={ACCESS_HEADING_ID}
          />
        </Card>
      ) : (
        <MembersSummary members={members} resetsLabel={resets.label} timeZone={workspace.timeZone} />
      )}

      <PendingInvitations invitations={invitations} workspace={workspaceRef} canManage={canManage} />

      {canManage ? (
        <MemberDefaultsForm
          workspaceId={workspace.id}
          defaultMonthlyLimit={workspace.defaultMemberMonthlyLimit}
          defaultMayUseTopUp={workspace.defaultMayUseTopUp}
        />
      ) : null}
    </div>
  );
}
