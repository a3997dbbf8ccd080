// Forecasts for the Credits card and the Analytics page: pure maths over a few figures, so the
// same inputs always give the same answer and the rules are unit tested. A day-by-day simulation
// spends the recent burn rate in the ledger's consumption order (free, then subscription, then
// top-up credits), expires subscription credits at each renewal and grants the next month's,
// and buys auto top-ups when the balance falls below their threshold.

/** How many days ahead forecasts look. */
export const FORECAST_HORIZON_DAYS = 180;

export type ForecastInput = {
  /** Average credits used per day recently (net of refunds). */
  dailyBurn: number;
  /** Spendable credits now, by kind. */
  balance: { free: number; subscription: number; other: number };
  /** Free credits granted every day (they expire at the end of the day). */
  dailyFree: number;
  /**
   * Upcoming subscription renewals, in days from now (ascending). At each one the remaining
   * subscription credits expire and `monthlyGrant` new ones arrive.
   */
  renewalsInDays: number[];
  monthlyGrant: number;
  /** Auto top-up settings when it is on; the amount may not be known (then only the first purchase is forecast). */
  autoTopUp: { threshold: number; amount: number | null } | null;
};

export type Forecast = {
  dailyBurn: number;
  /** Days until nothing is left to spend; null when the balance lasts past the horizon (or nothing is used). */
  runsOutInDays: number | null;
  /** Subscription credits left unused when they expire at the next renewal; null without a renewal. */
  expiringUnused: { credits: number; inDays: number } | null;
  /** Auto top-up purchases the burn would trigger; null when auto top-up is off. */
  autoTopUp: {
    /** Days until the first purchase; null when the balance never falls below the threshold. */
    firstInDays: number | null;
    /** Average days between purchases (needs the amount and at least two purchases in the horizon). */
    everyDays: number | null;
    /** Purchases in the next 30 days. */
    inNext30Days: number | null;
  } | null;
};

/** Credits per day: the sum over the window divided by its length in days. */
export function burnRate(dailyCredits: readonly number[]): number {
  if (dailyCredits.length === 0) return 0;
  return dailyCredits.reduce((sum, credits) => sum + credits, 0) / dailyCredits.length;
}

function take(pool: { value: number }, need: number): number {
  const taken = Math.min(pool.value, need);
  pool.value -= taken;
  return need - taken;
}

export function forecastCredits(input: ForecastInput): Forecast {
  const burn = Math.max(0, input.dailyBurn);
  const free = { value: Math.max(0, input.balance.free) };
  const subscription = { value: Math.max(0, input.balance.subscription) };
  const other = { value: Math.max(0, input.balance.other) };
  const renewals = [...input.renewalsInDays].filter((d) => d >= 0).sort((a, b) => a - b);
  const firstRenewal = renewals[0];
  let expiringUnused: Forecast["expiringUnused"] = null;
  let runsOutInDays: number | null = null;
  const topUpDays: number[] = [];
  let renewalIndex = 0;

  if (burn > 0) {
    for (let day = 0; day < FORECAST_HORIZON_DAYS; day += 1) {
      // Renewals during this day happen before its spending (whole-day resolution).
      while (renewalIndex < renewals.length && (renewals[renewalIndex] ?? Infinity) < day + 1) {
        if (renewalIndex === 0 && firstRenewal !== undefined) {
          expiringUnused = { credits: Math.round(subscription.value), inDays: firstRenewal };
        }
        subscription.value = input.monthlyGrant;
        renewalIndex += 1;
      }
      if (day > 0) free.value = input.dailyFree;
      let need = burn;
      need = take(free, need);
      need = take(subscription, need);
      need = take(other, need);
      const total = free.value + subscription.value + other.value;
      if (input.autoTopUp && total < input.autoTopUp.threshold) {
        topUpDays.push(day + 1);
        if (input.autoTopUp.amount === null) break;
        other.value += input.autoTopUp.amount;
        // A purchase smaller than the shortfall still leaves the need unmet this day.
        need = take(other, need);
      }
      if (need > 0) {
        // Ran out part-way through this day.
        runsOutInDays = day + (burn - need) / burn;
        break;
      }
    }
  }
  if (firstRenewal !== undefined && expiringUnused === null && firstRenewal < FORECAST_HORIZON_DAYS) {
    // Nothing used (or the loop stopped early): everything now left is what would expire, less the
    // burn drawn from it before then.
    const drawn = Math.max(0, burn - input.dailyFree) * firstRenewal;
    expiringUnused = {
      credits: Math.round(Math.max(0, input.balance.subscription - Math.max(0, drawn - input.balance.free))),
      inDays: firstRenewal,
    };
  }

  let autoTopUp: Forecast["autoTopUp"] = null;
  if (input.autoTopUp) {
    const known = input.autoTopUp.amount !== null;
    const first = topUpDays[0] ?? null;
    const last = topUpDays.at(-1);
    autoTopUp = {
      firstInDays: first,
      everyDays:
        known && topUpDays.length >= 2 && first !== null && last !== undefined
          ? (last - first) / (topUpDays.length - 1)
          : null,
      inNext30Days: known ? topUpDays.filter((d) => d <= 30).length : null,
    };
  }
  return { dailyBurn: burn, runsOutInDays, expiringUnused, autoTopUp };
}
