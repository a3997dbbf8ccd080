import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db";
import { listLocalEmails } from "@/db/queries/deliveries";
import { requirePageAccess } from "@/lib/auth/page-access";
import { isMailConfigured } from "@/lib/mail";
import { formatTimestampWithZone } from "@/lib/format";
import { ForbiddenNotice } from "@/components/shell/forbidden-notice";
import { LINK_CLASS } from "@/components/ui/text-link";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Email outbox (test mode)" };

type Props = { params: Promise<{ slug: string }> };

/** The emails notifications "sent" while no SMTP server is configured, as the recipients would read them. */
export default async function EmailOutboxPage({ params }: Props) {
  const { slug } = await params;
  const { allowed, access } = await requirePageAccess(
    slug,
    "email-outbox:view",
    `/w/${slug}/settings/notifications/email-outbox`,
  );
  if (!allowed) return <ForbiddenNotice slug={slug} title="Email outbox (test mode)" role={access.role} />;
  const { workspace } = access;
  const emails = await listLocalEmails(getDb(), workspace.id);
  const isTestMail = !isMailConfigured();

  return (
    <>
      <PageHeader
        title="Email outbox (test mode)"
        description={
          <Link href={`/w/${slug}/settings/notifications`} className={LINK_CLASS}>
            ← Notifications
          </Link>
        }
      />
      <div
        role="note"
        aria-label="Test mode"
        className="mb-6 rounded-xl border-2 border-dashed border-amber-400 bg-amber-50 px-5 py-4 text-amber-900 dark:border-amber-500/60 dark:bg-amber-500/10 dark:text-amber-100"
      >
        <p className="text-lg font-bold tracking-tight uppercase">Test mode</p>
        <p className="mt-1 text-sm">
          {isTestMail
            ? "No SMTP server is configured (EMAIL_SERVER, EMAIL_FROM), so notification emails are kept here instead of being sent. Nobody received them."
            : "An SMTP server is configured now, so new emails are really sent. These were kept while it was not."}
        </p>
      </div>
      <Card aria-labelledby="outbox-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-2 px-6 py-4">
          <h2 id="outbox-heading" className="text-base font-semibold text-slate-900 dark:text-white">
            Messages
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {emails.length === 0 ? "None yet" : `Latest ${emails.length} · times in ${workspace.timeZone}`}
          </p>
        </div>
        {emails.length === 0 ? (
          <div className="px-6 pb-6">
            <EmptyState title="No emails yet">
              When a credit event happens, the email each owner and admin would get appears here.
            </EmptyState>
          </div>
        ) : (
          <ul
            role="list"
            className="divide-y divide-slate-100 border-t border-slate-200 dark:divide-slate-800 dark:border-slate-800"
          >
            {emails.map((email) => (
              <li key={email.id} data-testid="outbox-email" className="px-6 py-4">
                <details>
                  <summary className="cursor-pointer rounded-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
                    <span className="font-medium text-slate-900 dark:text-white">{email.subject}</span>
                    <span className="mt-0.5 block text-xs text-slate-600 sm:ml-2 sm:inline dark:text-slate-400">
                      To {email.toAddress} · {formatTimestampWithZone(email.createdAt, workspace.timeZone)}
                    </span>
                  </summary>
                  <pre className="mt-3 overflow-x-auto rounded-md bg-slate-50 p-4 font-sans text-sm whitespace-pre-wrap text-slate-700 dark:bg-slate-800/60 dark:text-slate-300">
                    {email.body}
                  </pre>
                </details>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
