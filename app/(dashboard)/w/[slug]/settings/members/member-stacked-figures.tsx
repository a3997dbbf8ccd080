import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { ROLE_LABELS } from "@/components/credits/labels";
import { formatCredits } from "@/lib/format";
import { RemainingCell } from "./usage-bar";
import { limitUsageOf, type MemberView, type ResetsView } from "./types";

function Figure({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div className="flex gap-1">
      <dt>{label}</dt>
      <dd className="font-medium text-slate-900 tabular-nums dark:text-white" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/**
 * On phones Manage Access folds its Role, Monthly limit, Used this month, Remaining and Resets
 * columns into the member's first cell (as Transactions does), so nothing hides in a sideways
 * scroll. From the `sm` breakpoint up the columns show and this is hidden.
 */
export function MemberStackedFigures({
  member,
  resets,
  timeZone,
}: {
  member: MemberView;
  resets: ResetsView;
  timeZone: string;
}) {
  return (
    <div className="mt-2 space-y-2 whitespace-normal sm:hidden" data-testid="member-stacked">
      <dl className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
        <div>
          <dt className="sr-only">Role</dt>
          <dd>
            <Badge tone={member.role === "member" ? "neutral" : "accent"}>{ROLE_LABELS[member.role]}</Badge>
          </dd>
        </div>
        <Figure label="Monthly limit" testId="member-limit-stacked">
          {member.monthlyLimit === null ? "Unlimited" : formatCredits(member.monthlyLimit)}
        </Figure>
        <Figure label="Used this month" testId="member-used-stacked">
          {formatCredits(member.usedThisMonth)}
        </Figure>
      </dl>
      <div className="flex flex-wrap items-end gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
        <div>
          <span className="block">Remaining</span>
          <RemainingCell usage={limitUsageOf(member)} timeZone={timeZone} testId="member-remaining-stacked" />
        </div>
        <span>
          Resets {resets.date}, {resets.time}
        </span>
      </div>
    </div>
  );
}
