// Every plan in one place. Monthly credits are granted every month on all billing intervals.
export type PlanId = "free" | "starter" | "pro" | "enterprise";

export type Plan = {
  id: PlanId;
  name: string;
  monthlyCredits: number;
  seats: number;
  allowsProModels: boolean;
  allowsTopUpPurchases: boolean;
  allowsAutoTopUp: boolean;
  /** Price per month in cents, by billing interval (longer terms are discounted). */
  monthlyPriceCents: { month: number; quarter: number; year: number };
};

export const PLANS: Record<PlanId, Plan> = {
  free: {
    id: "free",
    name: "Free",
    monthlyCredits: 0,
    seats: 3,
    allowsProModels: false,
    allowsTopUpPurchases: false,
    allowsAutoTopUp: false,
    monthlyPriceCents: { month: 0, quarter: 0, year: 0 },
  },
  starter: {
    id: "starter",
    name: "Starter",
    monthlyCredits: 10_000,
    seats: 3,
    allowsProModels: true,
    allowsTopUpPurchases: true,
    allowsAutoTopUp: false,
    monthlyPriceCents: { month: 1_900, quarter: 1_700, year: 1_500 },
  },
  pro: {
    id: "pro",
    name: "Pro",
    monthlyCredits: 50_000,
    seats: 10,
    allowsProModels: true,
    allowsTopUpPurchases: true,
    allowsAutoTopUp: false,
    monthlyPriceCents: { month: 7_900, quarter: 7_100, year: 6_300 },
  },
  enterprise: {
    id: "enterprise",
    name: "Enterprise",
    monthlyCredits: 250_000,
    seats: 50,
    allowsProModels: true,
    allowsTopUpPurchases: true,
    allowsAutoTopUp: true,
    monthlyPriceCents: { month: 34_900, quarter: 31_900, year: 28_900 },
  },
};

/** Free daily credits for a workspace without an active subscription. */
export const FREE_DAILY_CREDITS = 100;

export function getPlan(id: string): Plan {
  return PLANS[id as PlanId] ?? PLANS.free;
}
