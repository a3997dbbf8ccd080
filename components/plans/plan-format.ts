// Prices and dates of plans, for the screen. Integer cents throughout; nothing here is rounded up
// in the buyer's favour or against it without saying so.
import type { BillingInterval } from "@/db/schema/workspaces";
import { PLANS, type Plan } from "@/lib/billing/plans";
import { INTERVAL_MONTHS } from "@/lib/billing/schedule";
import { formatCents } from "@/lib/billing/top-ups";

export const INTERVALS: readonly BillingInterval[] = ["month", "quarter", "year"];

export const INTERVAL_LABELS: Record<BillingInterval, string> = {
  month: "Monthly",
  quarter: "Quarterly",
  year: "Annual",
};

/** "every month", "every 3 months", "every year" */
export const INTERVAL_EVERY: Record<BillingInterval, string> = {
  month: "every month",
  quarter: "every 3 months",
  year: "every year",
};

/** The paid plans, smallest first. */
export const PAID_PLANS: readonly Plan[] = Object.values(PLANS)
  .filter((plan) => plan.monthlyCredits > 0)
  .sort((a, b) => a.monthlyCredits - b.monthlyCredits);

/** What one term of `plan` costs on `interval`, in cents. */
export function termPriceCents(plan: Plan, interval: BillingInterval): number {
  return plan.monthlyPriceCents[interval] * INTERVAL_MONTHS[interval];
}

/** What paying per term saves over paying monthly for as long, in cents (0 on monthly). */
export function termSavingsCents(plan: Plan, interval: BillingInterval): number {
  return (plan.monthlyPriceCents.month - plan.monthlyPriceCents[interval]) * INTERVAL_MONTHS[interval];
}

/** The discount against monthly billing in whole percent, rounded down so it never overstates. */
export function discountPercent(plan: Plan, interval: BillingInterval): number {
  const monthly = plan.monthlyPriceCents.month;
  if (monthly === 0) return 0;
  return Math.floor(((monthly - plan.monthlyPriceCents[interval]) * 100) / monthly);
}

/** The largest discount any paid plan gets on `interval`, for the billing period switch. */
export function bestDiscountPercent(interval: BillingInterval): number {
  return Math.max(0, ...PAID_PLANS.map((plan) => discountPercent(plan, interval)));
}

/** "$19" for whole dollars, "$19.50" otherwise. */
export function formatPrice(cents: number): string {
  const text = formatCents(cents);
  return text.endsWith(".00") ? text.slice(0, -3) : text;
}

/** "$51 every 3 months" */
export function describeTermPrice(plan: Plan, interval: BillingInterval): string {
  return `${formatPrice(termPriceCents(plan, interval))} ${INTERVAL_EVERY[interval]}`;
}
