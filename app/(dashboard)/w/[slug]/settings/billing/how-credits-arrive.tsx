import type { ReactNode } from "react";
import { FREE_DAILY_CREDITS } from "@/lib/billing/plans";
import { formatCredits } from "@/lib/format";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

type Props = {
  /** The day of the month subscription credits arrive on (the billing anchor's), when subscribed. */
  anchorDay: number | null;
  /** The workspace's time zone, named for people ("Europe/Berlin"). */
  timeZone: string;
};

function ordinal(day: number): string {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  return `${day}${{ 1: "st", 2: "nd", 3: "rd" }[day % 10] ?? "th"}`;
}

function Point({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-sm font-semibold text-slate-900 dark:text-white">{title}</dt>
      <dd className="mt-1 text-sm text-slate-600 dark:text-slate-400">{children}</dd>
    </div>
  );
}

/** The rules of the credit clock, in plain words (lib/billing/subscriptions.ts and lib/jobs/cycles.ts). */
export function HowCreditsArrive({ anchorDay, timeZone }: Props) {
  const zone = timeZone.replaceAll("_", " ");
  return (
    <Card aria-labelledby="how-credits-arrive">
      <CardHeader>
        <h3 id="how-credits-arrive" className="text-base font-semibold text-slate-900 dark:text-white">
          How credits arrive
        </h3>
      </CardHeader>
      <CardBody>
        <dl className="grid gap-x-8 gap-y-5 md:grid-cols-2">
          <Point title="Every month, on your billing day">
            Subscription credits arrive on the day of the month you subscribed
            {anchorDay ? ` (the ${ordinal(anchorDay)})` : ""}, at the same time of day in {zone}. In a shorter
            month they arrive on its last day (a 31st becomes 28 or 29 February).
          </Point>
          <Point title="Quarterly and annual plans too">
            A longer billing period changes how often you pay, not when credits arrive: a quarterly plan gets
            3 monthly grants per term, an annual plan 12.
          </Point>
          <Point title="No rollover">
            Unused subscription credits expire when the next month&apos;s arrive. Credits are spent in order:
            free first, then subscription, then top-ups, so the ones that expire soonest go first.
          </Point>
          <Point title="Top-ups never expire">
            Buying top-ups needs an active subscription. If it ends, the top-up credits you have stay
            spendable, but only on what the Free plan allows (no Pro models).
          </Point>
          <Point title="Upgrading">
            Takes effect at once: you get the difference in monthly credits for the rest of this month (it
            expires with this month&apos;s credits), then the new plan&apos;s full amount every month.
          </Point>
          <Point title="Downgrading or canceling">
            A downgrade starts at your next monthly grant; this month&apos;s credits are not touched.
            Canceling keeps the plan until the end of the paid term, then grants stop.
          </Point>
          <Point title="Without a subscription">
            {formatCredits(FREE_DAILY_CREDITS)} free credits every day, expiring at midnight in {zone}. They
            can&apos;t pay for Pro models.
          </Point>
          <Point title="If you run out">
            Wait for the next monthly grant, buy a top-up (it arrives at once), or upgrade if you run out
            every month.
          </Point>
        </dl>
      </CardBody>
    </Card>
  );
}
