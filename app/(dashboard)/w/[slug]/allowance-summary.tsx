import Link from "next/link";
import type { MemberAllowance } from "@/lib/ledger/index";
import { formatCredits, formatDate } from "@/lib/format";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Stat } from "@/components/ui/stat";
import { cn } from "@/components/ui/cn";
import { buttonClasses } from "@/components/ui/button";
import {
  limitUsageOfAllowance,
  overLimitReason,
  uncountedNote,
  usedShare,
} from "@/components/members/limit-usage";
import type { LimitSetting } from "@/db/queries/audit";

// At or past this share of the limit, the bar and badge turn to a warning.
const NEAR_LIMIT = 0.8;

function Credits({ value }: { value: number }) {
  return (
    <>
      {formatCredits(value)}
      <span className="sr-only"> credits</span>
    </>
  );
}

/** A member's own monthly allowance: used, limit, remaining and when it resets. */
export function AllowanceSummary({
  allowance,
  limitSet,
  timeZone,
  usageHref,
}: {
  allowance: MemberAllowance | null;
  /** When the current limit was set this month (null: before this month). */
  limitSet: LimitSetting | null;
  timeZone: string;
  usageHref: string;
}) {
  const headingId = "allowance-heading";
  if (!allowance) {
    return (
      <Card aria-labelledby={headingId}>
        <CardBody>
          <h2 id={headingId} className="text-base font-semibold text-slate-900 dark:text-white">
            Your allowance
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Your allowance could not be read.</p>
        </CardBody>
      </Card>
    );
  }
  const { limit, remaining, resetsAt } = allowance;
  const counted = allowance.used - allowance.notCounted;
  const usage = limitUsageOfAllowance(allowance, limitSet);
  const share = usedShare(usage);
  const over = overLimitReason(usage, timeZone);
  const uncounted = uncountedNote(usage, timeZone);
  const isNearLimit = share !== null && share >= NEAR_LIMIT;
  const isExhausted = remaining === 0;

  return (
    <Card aria-labelledby={headingId}>
      <CardHeader>
        <div>
          <h2 id={headingId} className="text-base font-semibold text-slate-900 dark:text-white">
            Your allowance this month
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Resets on{" "}
            <time dateTime={resetsAt} data-testid="allowance-resets">
              {formatDate(resetsAt, timeZone)}
            </time>
          </p>
        </div>
        {isExhausted ? (
          <Badge tone="warning">Limit reached</Badge>
        ) : isNearLimit ? (
          <Badge tone="warning">Near your limit</Badge>
        ) : null}
      </CardHeader>
      <CardBody>
        <dl className="grid grid-cols-1 gap-6 sm:grid-cols-3">
          <Stat label="Used" value={<Credits value={counted} />} valueTestId="allowance-used" />
          <Stat
            label="Monthly limit"
            value={limit === null ? "Unlimited" : <Credits value={limit} />}
            valueTestId="allowance-limit"
          />
          <Stat
            label="Remaining"
            value={remaining === null ? "Unlimited" : <Credits value={remaining} />}
            valueTestId="allowance-remaining"
          />
        </dl>
        {share !== null ? (
          <div className="mt-6">
            <div
              role="progressbar"
              aria-label="Share of your monthly limit used"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(share * 100)}
              className="h-2 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800"
            >
              <div
                className={cn("h-full rounded-full", isNearLimit ? "bg-amber-500" : "bg-indigo-500")}
                style={{ width: `${share * 100}%` }}
              />
            </div>
            <p className="mt-2 text-xs text-slate-600 dark:text-slate-400" data-testid="allowance-share">
              {over ?? `${Math.round(share * 100)}% of your monthly limit used`}
            </p>
            {uncounted ? (
              <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{uncounted}</p>
            ) : null}
          </div>
        ) : (
          <p className="mt-6 text-sm text-slate-600 dark:text-slate-400">
            No monthly limit is set for you: you can use the workspace&apos;s credits while it has some.
          </p>
        )}
      </CardBody>
      <CardBody className="border-t border-slate-200 py-4 dark:border-slate-800">
        <Link href={usageHref} className={buttonClasses("secondary")}>
          View my usage
        </Link>
      </CardBody>
    </Card>
  );
}
