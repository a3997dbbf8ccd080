// How a member's usage against their monthly limit reads, wherever it is shown (Manage Access, the
// members summary, the overview, My usage): what counts, and, when that is over the limit, why, so
// no share over 100% ever appears unexplained.
import { formatCredits, formatDate } from "@/lib/format";

/** A member's month as the pages read it. */
export type LimitUsage = {
  /** Everything they used this month. */
  used: number;
  /** Of `used`, what a limit that "starts from now" set aside (0 if none). */
  uncounted: number;
  /** null: Unlimited. */
  limit: number | null;
  /** When the current limit was set this month, and what had been used by then (null: before this month). */
  limitSet: { at: string; usedBefore: number } | null;
};

/** What counts against the limit this month (the ledger's cp_counted_usage set `uncounted` aside). */
export function countedUsage(usage: Pick<LimitUsage, "used" | "uncounted">): number {
  return usage.used - usage.uncounted;
}

/** The share of the limit used, never above 1 (an over-limit month is said in words: overLimitReason). */
export function usedShare(usage: LimitUsage): number | null {
  if (usage.limit === null) return null;
  if (usage.limit === 0) return 1;
  return Math.min(countedUsage(usage) / usage.limit, 1);
}

/**
 * "1,200 of 1,000 credits — over the limit set on Dec 3, after 1,100 were already used": why the
 * usage that counts is above the limit; null when it is not.
 */
export function overLimitReason(usage: LimitUsage, timeZone: string): string | null {
  const counted = countedUsage(usage);
  if (usage.limit === null || counted <= usage.limit) return null;
  const figures = `${formatCredits(counted)} of ${formatCredits(usage.limit)} credits`;
  if (usage.limitSet && usage.limitSet.usedBefore > usage.limit) {
    return `${figures} — over the limit set on ${formatDate(usage.limitSet.at, timeZone)}, after ${formatCredits(usage.limitSet.usedBefore)} were already used`;
  }
  if (usage.limitSet) {
    return `${figures} — over the limit set on ${formatDate(usage.limitSet.at, timeZone)} by ${formatCredits(counted - usage.limit)}`;
  }
  return `${figures} — over the limit by ${formatCredits(counted - usage.limit)}, used before it applied`;
}

/** "Counting from Dec 3: 300 credits used before then don't count"; null when everything counts. */
export function uncountedNote(usage: LimitUsage, timeZone: string): string | null {
  if (usage.uncounted <= 0 || usage.limit === null) return null;
  const from = usage.limitSet ? ` from ${formatDate(usage.limitSet.at, timeZone)}` : "";
  return `Counting${from}: ${formatCredits(usage.uncounted)} credits used before the limit was set don't count`;
}

/** A member's month from the ledger's allowance and, when it was set this month, their limit's setting. */
export function limitUsageOfAllowance(
  allowance: { used: number; notCounted: number; limit: number | null },
  limitSet: { at: Date; usedBefore: number } | null | undefined,
): LimitUsage {
  return {
    used: allowance.used,
    uncounted: allowance.notCounted,
    limit: allowance.limit,
    limitSet: limitSet ? { at: limitSet.at.toISOString(), usedBefore: limitSet.usedBefore } : null,
  };
}
