"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { describeFailure } from "@/lib/billing/auto-top-up";
import { formatCents } from "@/lib/billing/top-ups";
import type { AutoTopUpStatus } from "@/lib/credits/auto-top-up-status";
import { formatCredits, formatDateTime } from "@/lib/format";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { UPDATE_CARD_PARAM } from "@/components/credits/auto-top-up-declined-banner";
import { AutoTopUpDialog } from "./auto-top-up-dialog";

type Props = {
  status: AutoTopUpStatus;
  workspace: { id: string; slug: string; timeZone: string };
  canManage: boolean;
  publishableKey: string | null;
  isTestMode: boolean;
};

function LastAttempt({
  status,
  slug,
  timeZone,
}: {
  status: AutoTopUpStatus;
  slug: string;
  timeZone: string;
}) {
  const attempt = status.lastAttempt;
  if (!attempt) return <>None yet</>;
  const when = formatDateTime(attempt.createdAt, timeZone);
  if (attempt.status === "paid")
    return (
      <>
        Added {formatCredits(attempt.credits)} credits for {formatCents(attempt.amountCents)} · {when}
      </>
    );
  if (attempt.status === "pending") return <>Charging {formatCents(attempt.amountCents)} now…</>;
  return (
    <>
      <span className="text-red-700 dark:text-red-300">
        {describeFailure(attempt.failureCode, attempt.failureMessage)}
      </span>{" "}
      · {when}
      {attempt.needsAuthentication ? (
        <>
          {" · "}
          <Link
            href={`/w/${slug}/settings/billing/auto-top-up/${attempt.id}`}
            className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-600 dark:text-indigo-300"
          >
            Finish the payment
          </Link>
        </>
      ) : null}
    </>
  );
}

/** The Auto Top-Up section of the Credits card: whether it is on, its settings and how it went. */
export function AutoTopUpSection({ status, workspace, canManage, publishableKey, isTestMode }: Props) {
  const [isOpenHere, setOpen] = useState(false);
  const headingId = `auto-top-up-${workspace.id}`;
  // The declined banner's "Update card" (here or from the Overview) opens the dialog with its card:
  // open while the address asks for it, until it is closed (which drops the parameter).
  const router = useRouter();
  const pathname = usePathname();
  const wantsCard = useSearchParams().get(UPDATE_CARD_PARAM) === "1";
  const isOpen = isOpenHere || (wantsCard && status.isAvailable && canManage);
  function onOpenChange(open: boolean) {
    setOpen(open);
    if (!open && wantsCard) router.replace(pathname, { scroll: false });
  }
  return (
    <section
      id="auto-top-up"
      aria-labelledby={headingId}
      className="scroll-mt-20 border-t border-slate-200 px-6 py-5 dark:border-slate-800"
      data-testid="auto-top-up-section"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3
            id={headingId}
            className="flex items-center gap-2 text-sm font-semibold text-slate-900 dark:text-white"
          >
            Auto Top-Up
            {status.isAvailable ? (
              <Badge tone={status.isEnabled ? "success" : "neutral"} data-testid="auto-top-up-state">
                {status.isEnabled ? "On" : "Off"}
              </Badge>
            ) : (
              <Badge tone="accent">Enterprise</Badge>
            )}
          </h3>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            {status.isAvailable
              ? status.isEnabled
                ? `When credits fall below ${formatCredits(status.threshold)}, buy ${formatCredits(status.credits)} credits for ${formatCents(status.amountCents)}.`
                : "Buys credits automatically when the balance runs low, so usage never stops mid-month."
              : "Auto top-up is available on the Enterprise plan: credits are bought automatically when the balance runs low."}
          </p>
        </div>
        {status.isAvailable && canManage ? (
          <Button variant="secondary" onClick={() => setOpen(true)} aria-haspopup="dialog">
            {status.isEnabled ? "Manage" : "Enable"}
          </Button>
        ) : !status.isAvailable ? (
          <Link
            href={`/w/${workspace.slug}/settings/billing#plan`}
            className="text-sm font-medium text-indigo-700 hover:text-indigo-600 dark:text-indigo-300"
          >
            See the Enterprise plan
          </Link>
        ) : null}
      </div>

      {status.switchedOffAfterFailures ? (
        <p
          role="status"
          className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-200"
          data-testid="auto-top-up-switched-off"
        >
          Auto top-up switched off after 3 failed charges. Check the card, then switch it on again.
        </p>
      ) : null}
      {status.isEnabled && status.isCapReached ? (
        <p
          role="status"
          className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-500/10 dark:text-amber-100"
          data-testid="auto-top-up-cap-reached"
        >
          This month&apos;s cap is reached: no more auto top-ups until next month, unless you raise the cap.
        </p>
      ) : null}

      {status.isAvailable && (status.isEnabled || status.lastAttempt) ? (
        <dl className="mt-4 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-slate-600 dark:text-slate-400">Spent this month</dt>
            <dd
              className="font-medium text-slate-900 tabular-nums dark:text-white"
              data-testid="auto-top-up-spend"
            >
              {formatCents(status.monthSpentCents)}
              {status.monthlyCapCents !== null
                ? ` of ${formatCents(status.monthlyCapCents)} cap`
                : " · no cap"}
            </dd>
          </div>
          <div>
            <dt className="text-slate-600 dark:text-slate-400">Card</dt>
            <dd className="font-medium text-slate-900 capitalize dark:text-white">
              {status.paymentMethod
                ? `${status.paymentMethod.brand} •••• ${status.paymentMethod.last4}`
                : "None on file"}
            </dd>
          </div>
          <div>
            <dt className="text-slate-600 dark:text-slate-400">Last attempt</dt>
            <dd className="font-medium text-slate-900 dark:text-white" data-testid="auto-top-up-last-attempt">
              <LastAttempt status={status} slug={workspace.slug} timeZone={workspace.timeZone} />
            </dd>
          </div>
        </dl>
      ) : null}

      {status.isAvailable && canManage ? (
        <AutoTopUpDialog
          open={isOpen}
          onOpenChange={onOpenChange}
          status={status}
          workspaceId={workspace.id}
          publishableKey={publishableKey}
          isTestMode={isTestMode}
        />
      ) : null}
    </section>
  );
}
