import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db";
import { listWebhookDeliveries } from "@/db/queries/deliveries";
import { getEmailPreferences } from "@/db/queries/notifications";
import { getsMemberAlerts } from "@/db/queries/member-limit-requests";
import { emailTypesFor } from "@/lib/notifications/recipients";
import { can } from "@/lib/auth/permissions";
import { requirePageAccess } from "@/lib/auth/page-access";
import { isMailConfigured } from "@/lib/mail";
import { getWebhookEndpoint } from "@/db/queries/webhooks";
import { formatTimestampWithZone } from "@/lib/format";
import { ForbiddenNotice } from "@/components/shell/forbidden-notice";
import { LINK_CLASS } from "@/components/ui/text-link";
import { EmailPreferences } from "./email-preferences";
import { MemberAlertsChoice } from "./member-alerts-choice";
import { WebhookLog } from "./webhook-log";
import { WebhookSettings } from "./webhook-settings";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

// Preferences and the delivery log change as events arrive: never prerender.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Notifications" };

type Props = { params: Promise<{ slug: string }> };

const HEADING = "text-base font-semibold text-slate-900 dark:text-white";

export default async function NotificationsPage({ params }: Props) {
  const { slug } = await params;
  const { allowed, access } = await requirePageAccess(
    slug,
    "notifications:view-own",
    `/w/${slug}/settings/notifications`,
  );
  if (!allowed) return <ForbiddenNotice slug={slug} title="Notifications" role={access.role} />;

  const { workspace, user, role } = access;
  const db = getDb();
  const receives = can(role, "credit-events:receive");
  const managesWebhooks = can(role, "webhooks:manage");
  const seesOutbox = can(role, "email-outbox:view");
  const [preferences, endpoint, deliveries, membersAlerts] = await Promise.all([
    getEmailPreferences(db, { workspaceId: workspace.id, userId: user.id }),
    managesWebhooks ? getWebhookEndpoint(db, workspace.id) : null,
    managesWebhooks ? listWebhookDeliveries(db, workspace.id) : [],
    receives ? getsMemberAlerts(db, workspace.id, user.id) : false,
  ]);
  const isTestMail = !isMailConfigured();

  return (
    <>
      <PageHeader
        title="Notifications"
        description={
          receives
            ? `How ${workspace.name} tells you about low balances, empty credits, auto top-ups, failed payments and members' limits.`
            : `How ${workspace.name} tells you about your monthly limit and your requests for more credits.`
        }
      />
      <div className="space-y-6">
        <Card aria-labelledby="email-heading">
          <CardHeader className="py-3.5">
            <h2 id="email-heading" className={HEADING}>
              Email
            </h2>
            {receives && seesOutbox && isTestMail ? (
              <Link
                href={`/w/${slug}/settings/notifications/email-outbox`}
                className={`${LINK_CLASS} text-sm`}
              >
                Email outbox (test mode)
              </Link>
            ) : null}
          </CardHeader>
          <CardBody>
            <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
              Choose which events you, {user.email}, also get by email. Every event always shows in the bell
              at the top of the page. Your choices apply to this workspace only.
            </p>
            {receives ? null : (
              <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
                Credit notifications go to owners and admins. These are the ones about your own monthly limit.
              </p>
            )}
            <EmailPreferences workspaceId={workspace.id} initial={preferences} types={emailTypesFor(role)} />
            {receives ? <MemberAlertsChoice workspaceId={workspace.id} initial={membersAlerts} /> : null}
          </CardBody>
        </Card>

        {managesWebhooks || receives ? (
          <Card aria-labelledby="webhook-heading">
            <CardHeader className="py-3.5">
              <h2 id="webhook-heading" className={HEADING}>
                Webhook
              </h2>
            </CardHeader>
            <CardBody>
              {managesWebhooks ? (
                <WebhookSettings
                  workspaceId={workspace.id}
                  endpoint={
                    endpoint
                      ? {
                          url: endpoint.url,
                          secret: endpoint.secret,
                          secretRotatedLabel: formatTimestampWithZone(
                            endpoint.secretRotatedAt,
                            workspace.timeZone,
                          ),
                        }
                      : null
                  }
                />
              ) : (
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  Owners can send these events to a URL of their choice as signed webhooks.
                </p>
              )}
            </CardBody>
          </Card>
        ) : null}

        {managesWebhooks ? (
          <Card aria-labelledby="deliveries-heading">
            <div className="flex flex-wrap items-baseline justify-between gap-2 px-6 py-4">
              <h2 id="deliveries-heading" className={HEADING}>
                Webhook deliveries
              </h2>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                {deliveries.length === 0
                  ? "None yet"
                  : `Latest ${deliveries.length} · times in ${workspace.timeZone}`}
              </p>
            </div>
            {deliveries.length === 0 ? (
              <div className="px-6 pb-6">
                <EmptyState title="No webhooks sent yet">
                  {endpoint
                    ? "Send a test event, or wait for the next credit event. Each delivery and every retry shows here."
                    : "Add an endpoint above; each delivery and every retry will show here."}
                </EmptyState>
              </div>
            ) : (
              <div className="px-6">
                <WebhookLog rows={deliveries} timeZone={workspace.timeZone} labelledBy="deliveries-heading" />
              </div>
            )}
          </Card>
        ) : null}
      </div>
    </>
  );
}
