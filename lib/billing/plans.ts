// Every plan in one place. Monthly credits are granted every month on all billing intervals.
export type PlanId = "free" | "starter" | "pro" | "enterprise";

export type Plan = {
  id: PlanId;
  name: string;
  monthlyCredits: number;
  seats: number;
  allowsProModels: boolean;
  allowsTopUpPurchases: boolean;
  /**
   * Whether a workspace on this plan may buy top-ups without an active subscription (say a Free
   * workspace, or a paid one that lapsed). Off by default on every plan.
   */
  topUpsWithoutSubscription: boolean;
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
    allowsTopUpPurchases: true,
    topUpsWithoutSubscription: false,
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
    topUpsWithoutSubscription: false,
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
    topUpsWithoutSubscription: false,
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
    topUpsWithoutSubscription: false,
    allowsAutoTopUp: true,
    monthlyPriceCents: { month: 34_900, quarter: 31_900, year: 28_900 },
  },
};

/** Free daily credits for a workspace without an active subscription. */
export const FREE_DAILY_CREDITS = 100;

/**
 * The Low Balance threshold a workspace has until an owner sets one (workspaces.low_balance_threshold
 * is null): a fifth of the daily free credits without a subscription, a tenth of the monthly grant
 * with one. A stored threshold always wins, so an owner's choice survives plan changes.
 */
export function defaultLowBalanceThreshold(workspace: { plan: string; subscriptionStatus: string }): number {
  if (!hasActiveSubscription(workspace)) return FREE_DAILY_CREDITS / 5;
  return getPlan(workspace.plan).monthlyCredits / 10;
}

/** The balance at or below which the Low Balance badge shows (while auto top-up is off). */
export function lowBalanceThreshold(workspace: {
  plan: string;
  subscriptionStatus: string;
  lowBalanceThreshold: number | null;
}): number {
  return workspace.lowBalanceThreshold ?? defaultLowBalanceThreshold(workspace);
}

export function getPlan(id: string): Plan {
  return PLANS[id as PlanId] ?? PLANS.free;
}

const ACTIVE_STATUSES = new Set(["active", "trialing"]);

export function hasActiveSubscription(workspace: { subscriptionStatus: string }): boolean {
  return ACTIVE_STATUSES.has(workspace.subscriptionStatus);
}

export type TopUpEligibility = { ok: true } | { ok: false; reason: "plan" | "subscription"; message: string };

/** Whether this workspace may buy top-up credits now, and if not, why (the dialog says so). */
export function topUpEligibility(workspace: { plan: string; subscriptionStatus: string }): TopUpEligibility {
  const plan = getPlan(workspace.plan);
  if (!plan.allowsTopUpPurchases) {
    return {
      ok: false,
      reason: "plan",
      message: `The ${plan.name} plan does not include buying credits. Upgrade to buy top-ups.`,
    };
  }
  if (!plan.topUpsWithoutSubscription && !hasActiveSubscription(workspace)) {
    return {
      ok: false,
      reason: "subscription",
      message:
        "Top-up credits need an active subscription. Upgrade to a paid plan to buy them; credits you already have stay yours.",
    };
  }
  return { ok: true };
}
