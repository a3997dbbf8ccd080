"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { changePlanAction } from "@/lib/actions/billing/change-plan";
import { formatDate } from "@/lib/format";
import { Button, buttonClasses } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { CompactAlertDialog, CompactAlertDialogButtons } from "@/components/ui/compact-alert-dialog";
import { runAction } from "@/components/ui/run-action";

type Props = {
  workspaceId: string;
  planName: string;
  /** ISO instant the paid term ends. */
  termEndsAt: string | null;
  cancelAtTermEnd: boolean;
  /** The plan includes auto top-up, which stops when the subscription ends. */
  hasAutoTopUp: boolean;
  timeZone: string;
  isTestMode: boolean;
};

const STRIPE_PENDING = "Sent to Stripe. This page shows the change as soon as Stripe confirms it.";

/** Cancel at the end of the term (after a confirmation that says what stays), or resume. */
export function SubscriptionActions(props: Props) {
  return props.cancelAtTermEnd ? <ResumeButton {...props} /> : <CancelSubscription {...props} />;
}

function ResumeButton({ workspaceId, planName, termEndsAt, timeZone }: Props) {
  const router = useRouter();
  const [isPending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function resume() {
    setPending(true);
    setError(null);
    const result = await runAction(() => changePlanAction({ workspaceId, action: "resume" }));
    setPending(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    toast.success(
      result.data.mode === "test"
        ? `${planName} renews again${termEndsAt ? ` on ${formatDate(termEndsAt, timeZone)}` : ""}.`
        : STRIPE_PENDING,
    );
    router.refresh();
  }

  return (
    <div className="space-y-2">
      <Button onClick={resume} disabled={isPending}>
        {isPending ? "Resuming…" : "Resume subscription"}
      </Button>
      {error ? <FormMessage>{error}</FormMessage> : null}
    </div>
  );
}

function CancelSubscription({
  workspaceId,
  planName,
  termEndsAt,
  hasAutoTopUp,
  timeZone,
  isTestMode,
}: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [isPending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const endsOn = termEndsAt ? formatDate(termEndsAt, timeZone) : null;

  async function cancel() {
    setPending(true);
    setError(null);
    const result = await runAction(() => changePlanAction({ workspaceId, action: "cancel" }));
    setPending(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setOpen(false);
    toast.success(
      result.data.mode === "test"
        ? `${planName} ends${endsOn ? ` on ${endsOn}` : " with this term"}. You can resume it until then.`
        : STRIPE_PENDING,
    );
    router.refresh();
  }

  return (
    <CompactAlertDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setError(null);
      }}
      isPending={isPending}
      trigger={<Button variant="secondary">Cancel subscription</Button>}
      title={`Cancel your ${planName} subscription?`}
      description={
        <>
          Nothing changes until the end of the term{endsOn ? ` on ${endsOn}` : ""}: monthly credits keep
          arriving until then, and you can resume any time before it.
        </>
      }
    >
      <ul className="mt-4 list-disc space-y-1.5 pl-5 text-sm text-slate-700 dark:text-slate-300">
        <li>Credits already granted stay until they expire; no new subscription credits after the term.</li>
        <li>
          Top-up credits never expire and keep working, but only on what the Free plan allows (no Pro models).
        </li>
        <li>The workspace gets the Free plan&apos;s 100 free credits a day again.</li>
        {hasAutoTopUp ? (
          <li>Auto top-up stops then: only an active {planName} subscription includes it.</li>
        ) : null}
      </ul>
      {isTestMode ? (
        <p className="mt-4 text-xs text-amber-800 dark:text-amber-300">
          Test mode: applied at once through the same webhook handling as Stripe&apos;s.
        </p>
      ) : null}
      {error ? <FormMessage className="mt-4">{error}</FormMessage> : null}
      <CompactAlertDialogButtons isPending={isPending} cancelLabel="Keep subscription" className="mt-6 gap-2">
        <button type="button" className={buttonClasses("danger")} onClick={cancel} disabled={isPending}>
          {isPending ? "Canceling…" : "Cancel subscription"}
        </button>
      </CompactAlertDialogButtons>
    </CompactAlertDialog>
  );
}
