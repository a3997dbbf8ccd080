"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { decideLimitRequestAction } from "@/lib/actions/members/decide-limit-request";
import { formatCredits } from "@/lib/format";
import { MAX_REASON_LENGTH } from "@/lib/validation/limit-requests";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { CONTROL_CLASS } from "@/components/ui/input";
import { runAction } from "@/components/ui/run-action";

/** An open request as the Requests list shows it (plain data for the client). */
export type LimitRequestView = {
  id: string;
  name: string;
  email: string;
  amount: number;
  reason: string;
  monthlyLimit: number | null;
  askedOn: string;
};

type Decision = "approve_this_month" | "approve_new_limit" | "deny";

function RequestRow({
  request,
  workspaceId,
  canManage,
  isFocused,
}: {
  request: LimitRequestView;
  workspaceId: string;
  canManage: boolean;
  isFocused: boolean;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [denying, setDenying] = useState(false);
  const [note, setNote] = useState("");

  async function decide(decision: Decision) {
    setBusy(true);
    const result = await runAction(() =>
      decideLimitRequestAction({
        workspaceId,
        requestId: request.id,
        decision,
        ...(decision === "deny" && note.trim() ? { note } : {}),
      }),
    );
    setBusy(false);
    if (result.ok) toast.success(result.data.message);
    else toast.error(result.error.message);
    router.refresh();
  }

  const raised = request.monthlyLimit === null ? null : request.monthlyLimit + request.amount;
  return (
    <li
      data-testid="limit-request"
      className={cn("space-y-3 px-6 py-4", isFocused && "bg-indigo-50/60 dark:bg-indigo-500/10")}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="text-sm text-slate-900 dark:text-white">
          <span className="font-semibold">{request.name || request.email}</span>{" "}
          <span className="text-slate-600 dark:text-slate-400">({request.email})</span> asks for{" "}
          <strong>{formatCredits(request.amount)}</strong> more credits
        </p>
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {request.askedOn} · limit{" "}
          {request.monthlyLimit === null ? "Unlimited" : `${formatCredits(request.monthlyLimit)} credits`}
        </p>
      </div>
      <p className="text-sm break-words text-slate-700 dark:text-slate-300">“{request.reason}”</p>
      {canManage ? (
        denying ? (
          <div className="space-y-2">
            <label htmlFor={`deny-note-${request.id}`} className="block text-sm font-medium">
              Note to {request.name || request.email} (optional)
            </label>
            <textarea
              id={`deny-note-${request.id}`}
              rows={2}
              maxLength={MAX_REASON_LENGTH}
              className={CONTROL_CLASS}
              value={note}
              onChange={(event) => setNote(event.target.value)}
            />
            <div className="flex gap-2">
              <Button variant="danger" disabled={busy} onClick={() => void decide("deny")}>
                Deny request
              </Button>
              <Button variant="ghost" disabled={busy} onClick={() => setDenying(false)}>
                Cancel
              </Button>
            </div>
          </div>
        ) : (
          <div className="flex flex-wrap gap-2">
            <Button disabled={busy} onClick={() => void decide("approve_this_month")}>
              Approve for this month
            </Button>
            <Button
              variant="secondary"
              disabled={busy || raised === null}
              onClick={() => void decide("approve_new_limit")}
            >
              {raised === null ? "Raise the limit" : `Raise limit to ${formatCredits(raised)}`}
            </Button>
            <Button variant="ghost" disabled={busy} onClick={() => setDenying(true)}>
              Deny…
            </Button>
          </div>
        )
      ) : null}
    </li>
  );
}

/** Members' open requests for more credits, oldest first, with one-click answers. */
export function LimitRequests({
  requests,
  workspaceId,
  canManage,
  focusedId,
}: {
  requests: LimitRequestView[];
  workspaceId: string;
  canManage: boolean;
  focusedId: string | null;
}) {
  if (requests.length === 0) return null;
  return (
    <Card aria-labelledby="requests-heading" id="requests" className="scroll-mt-6">
      <div className="flex items-center gap-2 px-6 pt-5 pb-2">
        <h2 id="requests-heading" className="text-base font-semibold text-slate-900 dark:text-white">
          Requests
        </h2>
        <Badge tone="warning" data-testid="requests-count">
          {requests.length} open
        </Badge>
      </div>
      <ul role="list" className="divide-y divide-slate-100 dark:divide-slate-800">
        {requests.map((request) => (
          <RequestRow
            key={request.id}
            request={request}
            workspaceId={workspaceId}
            canManage={canManage}
            isFocused={request.id === focusedId}
          />
        ))}
      </ul>
    </Card>
  );
}
