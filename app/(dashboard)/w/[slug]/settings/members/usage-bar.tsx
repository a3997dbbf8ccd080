import { cn } from "@/components/ui/cn";
import { formatCredits } from "@/lib/format";
import {
  countedUsage,
  overLimitReason,
  uncountedNote,
  usedShare,
  type LimitUsage,
} from "@/components/members/limit-usage";

/** From this share of the limit on, the bar turns amber ("near the limit"). */
export const NEAR_LIMIT_SHARE = 0.8;

export type LimitState = "ok" | "near" | "reached";

export function limitState(used: number, limit: number): LimitState {
  if (used >= limit) return "reached";
  return used >= limit * NEAR_LIMIT_SHARE ? "near" : "ok";
}

const BAR_TONES: Record<LimitState, string> = {
  ok: "bg-indigo-500 dark:bg-indigo-400",
  near: "bg-amber-500 dark:bg-amber-400",
  reached: "bg-red-500 dark:bg-red-400",
};

const TEXT_TONES: Record<LimitState, string> = {
  ok: "text-slate-900 dark:text-white",
  near: "text-amber-800 dark:text-amber-300",
  reached: "text-red-700 dark:text-red-300",
};

/**
 * What a member has left this month: a figure and a bar that fills as they spend (amber near the
 * limit, red once it is reached). With no limit there is nothing to run out of, so no bar. Over the
 * limit (lowered mid-month) the cell says by how much and why, never a share above 100%.
 */
export function RemainingCell({
  usage,
  timeZone,
  testId = "member-remaining",
}: {
  usage: LimitUsage;
  timeZone: string;
  testId?: string;
}) {
  const { limit } = usage;
  if (limit === null) {
    return <span className="text-slate-600 dark:text-slate-400">Unlimited</span>;
  }
  const counted = countedUsage(usage);
  const remaining = Math.max(limit - counted, 0);
  const state = limitState(counted, limit);
  const share = usedShare(usage) ?? 1;
  const over = overLimitReason(usage, timeZone);
  const uncounted = uncountedNote(usage, timeZone);
  return (
    <div className="w-36">
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span className={cn("font-medium tabular-nums", TEXT_TONES[state])} data-testid={testId}>
          {formatCredits(remaining)}
        </span>
        <span className="text-xs text-slate-500 tabular-nums dark:text-slate-400">
          {over
            ? "Over limit"
            : state === "reached"
              ? "Limit reached"
              : `${Math.round((1 - share) * 100)}% left`}
        </span>
      </div>
      <div
        role="meter"
        aria-label="Used of monthly limit"
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={Math.min(counted, limit)}
        aria-valuetext={over ?? `${formatCredits(counted)} of ${formatCredits(limit)} credits used`}
        className="mt-1.5 h-1.5 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        <div className={cn("h-full rounded-full", BAR_TONES[state])} style={{ width: `${share * 100}%` }} />
      </div>
      {over || uncounted ? (
        <p
          className="mt-1 text-xs whitespace-normal text-slate-600 dark:text-slate-400"
          data-testid={`${testId}-note`}
        >
          {over ?? uncounted}
        </p>
      ) : null}
    </div>
  );
}
