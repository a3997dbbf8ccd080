import "server-only";
import type { Executor } from "@/db";
import { getDailyCredits } from "@/db/queries/analytics";
import { getAutoTopUpThreshold } from "@/db/queries/credit-accounts";
import type { Workspace } from "@/db/schema";
import { FREE_DAILY_CREDITS, getPlan, hasActiveSubscription } from "@/lib/billing/plans";
import { monthlyGrantAt } from "@/lib/billing/schedule";
import type { Balance } from "@/lib/ledger";
import { addDays, eachDay, localToday } from "./range";
import { burnRate, FORECAST_HORIZON_DAYS, forecastCredits, type Forecast } from "./forecast";

/** Days of history the burn rate averages: the last two full weeks (today is still running). */
export const BURN_WINDOW_DAYS = 14;
const DAY_MS = 86_400_000;

export type CreditForecast = Forecast & {
  windowDays: number;
  /** The auto top-up threshold when auto top-up is on. */
  autoTopUpThreshold: number | null;
  /** When the next renewal (subscription grant) is due, if any. */
  renewalAt: string | null;
};

/**
 * The forecast for a workspace as of `now`: the burn rate from the daily rollups, the balance by
 * kind, the subscription's next renewals and the auto top-up threshold. `autoTopUpAmount` is what
 * one auto top-up buys, when known.
 */
export async function getCreditForecast(
  db: Executor,
  workspace: Workspace,
  balance: Balance,
  now: Date,
  autoTopUpAmount: number | null = null,
): Promise<CreditForecast> {
  const today = localToday(now, workspace.timeZone);
  const window = { from: addDays(today, -BURN_WINDOW_DAYS), to: addDays(today, -1) };
  const [daily, threshold] = await Promise.all([
    getDailyCredits(db, workspace.id, window),
    getAutoTopUpThreshold(db, workspace.id),
  ]);
  const active = hasActiveSubscription(workspace);
  const renewals: number[] = [];
  if (active && workspace.billingAnchorAt && workspace.nextSubscriptionGrantAt) {
    const horizon = now.getTime() + FORECAST_HORIZON_DAYS * DAY_MS;
    const termEnd = workspace.cancelAtTermEnd ? workspace.currentTermEndsAt?.getTime() : undefined;
    for (let k = workspace.subscriptionPeriodIndex; ; k += 1) {
      const at = monthlyGrantAt(workspace.billingAnchorAt, workspace.timeZone, k).getTime();
      if (at > horizon || (termEnd !== undefined && at > termEnd)) break;
      if (at > now.getTime()) renewals.push((at - now.getTime()) / DAY_MS);
    }
  }
  const forecast = forecastCredits({
    dailyBurn: burnRate(eachDay(window.from, window.to).map((day) => daily.get(day) ?? 0)),
    balance: {
      free: balance.byType.free.amount,
      subscription: balance.byType.subscription.amount,
      other: balance.byType.top_up.amount + balance.byType.adjustment.amount,
    },
    dailyFree: active ? 0 : FREE_DAILY_CREDITS,
    renewalsInDays: renewals,
    monthlyGrant: getPlan(workspace.pendingPlan ?? workspace.plan).monthlyCredits,
    autoTopUp: threshold === null ? null : { threshold, amount: autoTopUpAmount },
  });
  const first = renewals[0];
  return {
    ...forecast,
    windowDays: BURN_WINDOW_DAYS,
    autoTopUpThreshold: threshold,
    renewalAt: first === undefined ? null : new Date(now.getTime() + first * DAY_MS).toISOString(),
  };
}
