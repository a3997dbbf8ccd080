import type { Metadata } from "next";
import { getDb } from "@/lib/db";
import { countSeatsUsed } from "@/db/queries/members";
import { requirePageAccess } from "@/lib/auth/page-access";
import { can } from "@/lib/auth/permissions";
import { getPlan } from "@/lib/billing/plans";
import { getClock } from "@/lib/clock";
import { formatTimeZoneName } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/shell/page-header";
import { DeleteWorkspaceDialog } from "./delete-workspace-dialog";
import { WorkspaceSettingsForm } from "./workspace-settings-form";

export const metadata: Metadata = { title: "General settings" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="grid gap-1 py-3 sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="text-sm text-slate-900 sm:col-span-2 dark:text-white" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** Everyone sees the workspace's details; owners may rename it, set its time zone, or delete it. */
export default async function GeneralSettingsPage({ params }: Props) {
  const { slug } = await params;
  const { allowed: canEdit, access } = await requirePageAccess(
    slug,
    "workspace:update",
    `/w/${slug}/settings/general`,
  );
  const { workspace } = access;
  const canDelete = can(access.role, "workspace:delete");
  const now = getClock().now();
  const seats = await countSeatsUsed(getDb(), workspace.id, now);
  const plan = getPlan(workspace.plan);
  const seatsTaken = seats.members + seats.pending;

  return (
    <>
      <PageHeader
        title="General"
        description={
          canEdit
            ? "Your workspace's name, time zone and plan."
            : "Your workspace's name, time zone and plan. Only an owner can change them."
        }
      />
      <div className="space-y-8">
        <Card aria-labelledby="workspace-details">
          <CardHeader>
            <h2 id="workspace-details" className="text-base font-semibold text-slate-900 dark:text-white">
              Workspace
            </h2>
            {canEdit ? null : <Badge>Read only</Badge>}
          </CardHeader>
          <CardBody className="py-2">
            <dl className="divide-y divide-slate-100 dark:divide-slate-800">
              <Row label="Name" testId="workspace-name">
                {workspace.name}
              </Row>
              <Row label="URL" testId="workspace-slug">
                <code className="font-mono text-[13px]">/w/{workspace.slug}</code>
              </Row>
              <Row label="Time zone" testId="workspace-time-zone">
                {workspace.timeZone.replaceAll("_", " ")}{" "}
                <span className="text-slate-500 dark:text-slate-400">
                  ({formatTimeZoneName(workspace.timeZone, now)})
                </span>
              </Row>
              <Row label="Plan" testId="workspace-plan">
                {plan.name}
              </Row>
              <Row label="Seats" testId="workspace-seats">
                {seatsTaken} of {workspace.seats} used
                <span className="text-slate-500 dark:text-slate-400">
                  {" "}
                  ({seats.members} {seats.members === 1 ? "member" : "members"}
                  {seats.pending > 0
                    ? `, ${seats.pending} pending ${seats.pending === 1 ? "invitation" : "invitations"}`
                    : ""}
                  )
                </span>
              </Row>
            </dl>
          </CardBody>
        </Card>

        {canEdit ? (
          <Card aria-labelledby="workspace-edit">
            <CardHeader>
              <div>
                <h2 id="workspace-edit" className="text-base font-semibold text-slate-900 dark:text-white">
                  Name and time zone
                </h2>
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  Days for free credits and months for member limits are counted in the workspace&apos;s time
                  zone.
                </p>
              </div>
            </CardHeader>
            <CardBody>
              <WorkspaceSettingsForm
                workspaceId={workspace.id}
                name={workspace.name}
                timeZone={workspace.timeZone}
              />
            </CardBody>
          </Card>
        ) : null}

        {canDelete ? (
          <section
            aria-labelledby="danger-zone"
            className="rounded-xl border border-red-200 bg-white dark:border-red-500/30 dark:bg-slate-900"
          >
            <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-5">
              <div className="min-w-0">
                <h2 id="danger-zone" className="text-base font-semibold text-red-700 dark:text-red-400">
                  Delete workspace
                </h2>
                <p className="mt-1 max-w-xl text-sm text-slate-600 dark:text-slate-400">
                  Deletes {workspace.name} with its credits, transaction history, members and audit log. This
                  can&apos;t be undone.
                </p>
              </div>
              <DeleteWorkspaceDialog workspaceId={workspace.id} workspaceName={workspace.name} />
            </div>
          </section>
        ) : null}
      </div>
    </>
  );
}
