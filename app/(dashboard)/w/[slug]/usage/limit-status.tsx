import type { MemberAllowance } from "@/lib/ledger/index";
import { formatCredits, formatDate } from "@/lib/format";
import { FormMessage } from "@/components/ui/form-message";

type Props = {
  allowance: MemberAllowance;
  timeZone: string;
  /** False when the workspace's shared credits can't pay (no balance, or a debt). */
  poolCanPay: boolean;
  isSelf: boolean;
  memberName: string;
};

/** The share of the limit used, as the 80% alert counts it: whole percents, rounded down. */
export function percentOfLimit(used: number, limit: number): number {
  return Math.floor((used * 100) / limit);
}

/**
 * What the 80% and 100% alerts said, in the same words, and whether the shared pool can pay (without
 * amounts: members never see the workspace's balance).
 */
export function LimitStatus({ allowance, timeZone, poolCanPay, isSelf, memberName }: Props) {
  const { limit, used, extra } = allowance;
  const resets = formatDate(allowance.resetsAt, timeZone);
  const hasAlert = limit !== null && limit > 0 && used * 100 >= limit * 80;
  if (!hasAlert && poolCanPay) return null;
  const who = isSelf ? "You have" : `${memberName} has`;
  const their = isSelf ? "your" : "their";
  const limitWords = limit === null ? "" : `${formatCredits(limit)}-credit limit`;
  return (
    <div className="space-y-3">
      {hasAlert && limit !== null ? (
        <FormMessage tone="info" className="text-amber-900 dark:text-amber-200">
          <span data-testid="limit-status">
            {used >= limit
              ? `${who} reached ${their} ${limitWords} this month; it resets on ${resets}.`
              : `${who} used ${percentOfLimit(used, limit)}% of ${their} ${limitWords} this month; resets on ${resets}.`}
            {extra > 0
              ? ` The limit includes ${formatCredits(extra)} extra credits approved for this month.`
              : null}
          </span>
        </FormMessage>
      ) : null}
      {poolCanPay ? null : (
        <FormMessage tone="info">
          <span data-testid="pool-status">The workspace is out of credits; the owners have been told.</span>
        </FormMessage>
      )}
    </div>
  );
}
