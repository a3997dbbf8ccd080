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

/**
 * Days of history the burn rate averages: the last two weeks, today included. Today counts: a
 * workspace that spent 480 credits this morning is using credits, and the forecast says so.
 */
export const BURN_WINDOW_DAYS = 14;
const DAY_MS = 86_400_000;

export type CreditForecast = Forecast & {
  windowDays: number;
  /** The auto top-up threshold when auto top-up is on. */
  autoTopUpThreshold: number | null;
  /** When the next renewal (subscription grant) is due, if any. */
  renewalAt: string | null;
};

/** The local days the burn rate averages as of `now`: BURN_WINDOW_DAYS of them, ending today. */
export function burnWindow(now: Date, timeZone: string): { from: string; to: string } {
  const today = localToday(now, timeZone);
  return { from: addDays(today, 1 - BURN_WINDOW_DAYS), to: today };
}

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
  const window = burnWindow(now, workspace.timeZone);
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
