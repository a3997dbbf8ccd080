import type { CreditForecast } from "@/lib/analytics/credit-forecast";
import { FORECAST_HORIZON_DAYS } from "@/lib/analytics/forecast";
import { formatCredits, formatDate } from "@/lib/format";
import { Stat } from "@/components/ui/stat";

function days(value: number): string {
  if (value < 1) return "Less than a day";
  const rounded = Math.floor(value);
  return `About ${formatCredits(rounded)} ${rounded === 1 ? "day" : "days"}`;
}

function horizon(): string {
  return `${Math.round(FORECAST_HORIZON_DAYS / 30)} months`;
}

/**
 * The three forecasts: how long the balance lasts at the recent burn rate, subscription credits
 * likely to expire unused at the next renewal, and how often auto top-up would buy credits.
 */
export function ForecastList({ forecast, timeZone }: { forecast: CreditForecast; timeZone: string }) {
  const burn = Math.round(forecast.dailyBurn);
  const burnHint =
    burn > 0
      ? `At ${formatCredits(burn)} credits a day, the average of the last ${forecast.windowDays} days (today included)`
      : `No credits used in the last ${forecast.windowDays} days (today included)`;
  const lasts =
    forecast.dailyBurn <= 0
      ? "No recent usage"
      : forecast.runsOutInDays === null
        ? `More than ${horizon()}`
        : days(forecast.runsOutInDays);

  const top = forecast.autoTopUp;
  let topUpValue: string;
  let topUpHint: string;
  if (!top || forecast.autoTopUpThreshold === null) {
    topUpValue = "Off";
    topUpHint =
      "Turn on Auto Top-Up to buy credits when the balance runs low; this shows how often it would.";
  } else if (top.firstInDays === null) {
    topUpValue = `Not in the next ${horizon()}`;
    topUpHint = `When credits are below ${formatCredits(forecast.autoTopUpThreshold)}`;
  } else if (top.everyDays !== null) {
    topUpValue = `About every ${formatCredits(Math.max(1, Math.round(top.everyDays)))} days`;
    topUpHint = `${top.inNext30Days ?? 0} in the next 30 days · first in ${days(top.firstInDays).toLowerCase()}`;
  } else {
    topUpValue = `First in ${days(top.firstInDays).toLowerCase()}`;
    topUpHint = `When credits fall below ${formatCredits(forecast.autoTopUpThreshold)}`;
  }

  const expiring = forecast.expiringUnused;
  return (
    <dl className="grid gap-x-6 gap-y-5 sm:grid-cols-3" data-testid="forecast">
      <Stat label="Balance lasts" value={lasts} hint={burnHint} valueTestId="forecast-runs-out" />
      <Stat
        label="Expiring unused at renewal"
        value={expiring ? `${formatCredits(expiring.credits)} credits` : "None"}
        hint={
          expiring && forecast.renewalAt
            ? `Subscription credits left when they expire on ${formatDate(forecast.renewalAt, timeZone)}`
            : "No subscription renewal coming up"
        }
        valueTestId="forecast-expiring"
      />
      <Stat label="Auto Top-Up" value={topUpValue} hint={topUpHint} valueTestId="forecast-auto-top-up" />
    </dl>
  );
}
