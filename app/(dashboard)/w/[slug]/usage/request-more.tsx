"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { requestLimitIncreaseAction } from "@/lib/actions/members/request-limit-increase";
import { withdrawLimitRequestAction } from "@/lib/actions/members/withdraw-limit-request";
import { formatCredits } from "@/lib/format";
import { MAX_REASON_LENGTH } from "@/lib/validation/limit-requests";
import { Button, SubmitButton } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { CONTROL_CLASS } from "@/components/ui/input";
import { runAction, useActionForm } from "@/components/ui/run-action";

export type LatestRequest = {
  id: string;
  status: "open" | "approved" | "denied" | "withdrawn";
  amount: number;
  reason: string;
  grant: "this_month" | "new_limit" | null;
  note: string | null;
  /** "Dec 5, 2026", in the workspace's time zone. */
  askedOn: string;
};

type Props = {
  workspaceId: string;
  latest: LatestRequest | null;
  /** Open the form with the amount field focused (from the 402's requestUrlPath). */
  autoFocus: boolean;
};

function Answer({ latest }: { latest: LatestRequest }) {
  if (latest.status === "approved") {
    return (
      <FormMessage tone="success">
        <span data-testid="request-answer">
          Your request for {formatCredits(latest.amount)} more credits was approved
          {latest.grant === "new_limit" ? ": your monthly limit went up." : " for the rest of this month."}
          {latest.note ? ` Note: “${latest.note}”` : null}
        </span>
      </FormMessage>
    );
  }
  if (latest.status === "denied") {
    return (
      <FormMessage tone="info">
        <span data-testid="request-answer">
          Your request for {formatCredits(latest.amount)} more credits was denied.
          {latest.note ? ` Note: “${latest.note}”` : null}
        </span>
      </FormMessage>
    );
  }
  return null;
}

/** Ask the owners and admins for more credits, see the open request (and withdraw it), or its answer. */
export function RequestMore({ workspaceId, latest, autoFocus }: Props) {
  const router = useRouter();
  const form = useActionForm();
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [withdrawing, setWithdrawing] = useState(false);
  const open = latest?.status === "open" ? latest : null;

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const credits = Number(amount.replaceAll(",", "").trim());
    const result = await form.run(() =>
      requestLimitIncreaseAction({
        workspaceId,
        amount: amount.trim() === "" ? Number.NaN : credits,
        reason,
      }),
    );
    if (!result.ok) return;
    toast.success(`${result.data.message} The owners and admins have been told.`);
    setAmount("");
    setReason("");
    router.refresh();
  }

  async function withdraw(requestId: string) {
    setWithdrawing(true);
    const result = await runAction(() => withdrawLimitRequestAction({ workspaceId, requestId }));
    setWithdrawing(false);
    if (result.ok) toast.success("Request withdrawn.");
    else toast.error(result.error.message);
    router.refresh();
  }

  return (
    <Card aria-labelledby="request-more-heading" id="request-more">
      <CardHeader className="py-3.5">
        <h2 id="request-more-heading" className="text-base font-semibold text-slate-900 dark:text-white">
          Ask for more credits
        </h2>
      </CardHeader>
      <CardBody className="space-y-4">
        {open ? (
          <div className="space-y-3" data-testid="open-request">
            <p className="text-sm text-slate-700 dark:text-slate-300">
              You asked for <strong>{formatCredits(open.amount)}</strong> more credits on {open.askedOn}: “
              {open.reason}”. The owners and admins have been told; you will hear back here, in the bell and
              by email.
            </p>
            <Button variant="secondary" disabled={withdrawing} onClick={() => void withdraw(open.id)}>
              {withdrawing ? "Withdrawing…" : "Withdraw request"}
            </Button>
          </div>
        ) : (
          <>
            {latest ? <Answer latest={latest} /> : null}
            <form className="grid gap-4 sm:grid-cols-[12rem_1fr]" onSubmit={(e) => void submit(e)} noValidate>
              <TextField
                id="request-amount"
                label="Extra credits"
                inputMode="numeric"
                autoFocus={autoFocus}
                value={amount}
                onChange={setAmount}
                errors={form.fieldErrors.amount}
                hint="A whole number, at most 1,000,000,000"
              />
              <Field
                id="request-reason"
                label="What they are for"
                hint={`${reason.trim().length}/${MAX_REASON_LENGTH} characters`}
                errors={form.fieldErrors.reason}
              >
                {(aria) => (
                  <textarea
                    {...aria}
                    rows={2}
                    maxLength={MAX_REASON_LENGTH + 50}
                    className={CONTROL_CLASS}
                    value={reason}
                    onChange={(event) => setReason(event.target.value)}
                  />
                )}
              </Field>
              <div className="flex items-center gap-3 sm:col-span-2">
                <SubmitButton pending={form.pending} pendingLabel="Sending…">
                  Ask for more
                </SubmitButton>
                <p className="text-xs text-slate-600 dark:text-slate-400">
                  Owners and admins can approve it for the rest of this month or as your new limit.
                </p>
              </div>
              {form.message ? <FormMessage className="sm:col-span-2">{form.message}</FormMessage> : null}
            </form>
          </>
        )}
      </CardBody>
    </Card>
  );
}
