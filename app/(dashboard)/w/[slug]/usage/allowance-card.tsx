import type { MemberAllowance } from "@/lib/ledger/index";
import { formatCredits, formatDate, formatDateTime, formatMonth } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Stat } from "@/components/ui/stat";
import { ResetCountdown } from "./reset-countdown";
import {
  limitUsageOfAllowance,
  overLimitReason,
  uncountedNote,
  usedShare,
} from "@/components/members/limit-usage";
import type { LimitSetting } from "@/db/queries/audit";

type Props = {
  allowance: MemberAllowance;
  /** When the current limit was set this month (null: before this month). */
  limitSet: LimitSetting | null;
  timeZone: string;
  /** The server's now (from the clock), for the countdown. */
  now: Date;
  /** "you" on one's own page, the member's first name otherwise. */
  isSelf: boolean;
  memberName: string;
};

function Credits({ value }: { value: number }) {
  return (
    <>
      {formatCredits(value)}
      <span className="sr-only"> credits</span>
    </>
  );
}

/** This month's credits used against the monthly limit, what is left and when it resets. */
export function AllowanceCard({ allowance, limitSet, timeZone, now, isSelf, memberName }: Props) {
  const { limit, remaining } = allowance;
  const used = allowance.used - allowance.notCounted;
  const isUnlimited = limit === null;
  const usage = limitUsageOfAllowance(allowance, limitSet);
  // Never above 100%: a month over the limit (lowered mid-month) is said in words below the bar.
  const percent = (usedShare(usage) ?? 0) * 100;
  const overReason = overLimitReason(usage, timeZone);
  const uncounted = uncountedNote(usage, timeZone);
  const isExhausted = !isUnlimited && remaining === 0;
  const isNearLimit = !isUnlimited && !isExhausted && percent >= 80;
  const subject = isSelf ? "You" : memberName;

  return (
    <Card aria-labelledby="allowance-heading">
      <CardHeader>
        <div>
          <h2 id="allowance-heading" className="text-base font-semibold text-slate-900 dark:text-white">
            This month
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">{formatMonth(allowance.periodStart)}</p>
        </div>
        {isExhausted ? (
          <Badge tone="warning">Limit reached</Badge>
        ) : isNearLimit ? (
          <Badge tone="warning">Near limit</Badge>
        ) : isUnlimited ? (
          <Badge tone="accent">Unlimited</Badge>
        ) : null}
      </CardHeader>
      <CardBody className="space-y-6">
        <div>
          <p className="text-sm text-slate-600 dark:text-slate-400">Credits used</p>
          <p className="mt-1 text-3xl font-semibold tracking-tight text-slate-900 tabular-nums dark:text-white">
            <span data-testid="allowance-used">{formatCredits(used)}</span>
            <span className="text-lg font-medium text-slate-500 dark:text-slate-400">
              {" / "}
              <span data-testid="allowance-limit">{isUnlimited ? "Unlimited" : formatCredits(limit)}</span>
            </span>
          </p>
          {isUnlimited ? (
            <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
              {isSelf ? "You have" : `${memberName} has`} no monthly limit. Generations draw on the
              workspace&apos;s shared credits.
            </p>
          ) : (
            <div
              role="progressbar"
              aria-label="Share of the monthly limit used"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(percent)}
              aria-valuetext={overReason ?? `${formatCredits(used)} of ${formatCredits(limit)} credits used`}
              className="mt-3 h-2.5 w-full overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800"
            >
              <div
                className={cn(
                  "h-full rounded-full transition-[width]",
                  isExhausted
                    ? "bg-red-500"
                    : isNearLimit
                      ? "bg-amber-500"
                      : "bg-indigo-600 dark:bg-indigo-500",
                )}
                style={{ width: `${percent}%` }}
              />
            </div>
          )}
          {overReason || uncounted ? (
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400" data-testid="allowance-note">
              {overReason ?? uncounted}
            </p>
          ) : null}
        </div>

        <dl className="grid grid-cols-1 gap-x-6 gap-y-5 border-t border-slate-100 pt-5 sm:grid-cols-3 dark:border-slate-800">
          <Stat
            label="Remaining this month"
            value={remaining === null ? "Unlimited" : <Credits value={remaining} />}
            valueTestId="allowance-remaining"
          />
          <Stat
            label="Monthly limit"
            value={isUnlimited ? "Unlimited" : <Credits value={limit} />}
            hint="set by the workspace's admins"
          />
          <Stat
            label="Resets"
            value={<ResetCountdown resetsAt={allowance.resetsAt} serverNow={now.toISOString()} />}
            hint={
              <>
                on{" "}
                <time dateTime={allowance.resetsAt} data-testid="allowance-resets-at">
                  {formatDate(allowance.resetsAt, timeZone)}
                </time>
                <span className="sr-only"> ({formatDateTime(allowance.resetsAt, timeZone)})</span>
              </>
            }
          />
        </dl>

        {isExhausted ? (
          <p className="rounded-md bg-amber-50 px-3 py-2.5 text-sm text-amber-900 ring-1 ring-amber-600/20 ring-inset dark:bg-amber-500/10 dark:text-amber-200 dark:ring-amber-400/30">
            {subject} reached the monthly limit. New generations are paused until it resets on{" "}
            {formatDate(allowance.resetsAt, timeZone)}
            {isSelf ? ", or until an admin raises your limit." : "."}
          </p>
        ) : null}
      </CardBody>
    </Card>
  );
}
