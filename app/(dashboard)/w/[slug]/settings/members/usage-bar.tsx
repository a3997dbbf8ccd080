import { cn } from "@/components/ui/cn";
import { formatCredits } from "@/lib/format";

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
 * limit, red once it is reached). With no limit there is nothing to run out of, so no bar.
 */
export function RemainingCell({
  used,
  limit,
  testId = "member-remaining",
}: {
  used: number;
  limit: number | null;
  testId?: string;
}) {
  if (limit === null) {
    return <span className="text-slate-600 dark:text-slate-400">Unlimited</span>;
  }
  const remaining = Math.max(limit - used, 0);
  const state = limitState(used, limit);
  const share = limit === 0 ? 1 : Math.min(used / limit, 1);
  return (
    <div className="w-32">
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span className={cn("font-medium tabular-nums", TEXT_TONES[state])} data-testid={testId}>
          {formatCredits(remaining)}
        </span>
        <span className="text-xs text-slate-500 tabular-nums dark:text-slate-400">
          {state === "reached" ? "Limit reached" : `${Math.round((1 - share) * 100)}% left`}
        </span>
      </div>
      <div
        role="meter"
        aria-label="Used of monthly limit"
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={Math.min(used, limit)}
        aria-valuetext={`${formatCredits(used)} of ${formatCredits(limit)} credits used`}
        className="mt-1.5 h-1.5 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        <div className={cn("h-full rounded-full", BAR_TONES[state])} style={{ width: `${share * 100}%` }} />
      </div>
    </div>
  );
}
