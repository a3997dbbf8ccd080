// The credit estimator on the Pricing page (pure, integer arithmetic):
// monthly credits = images/day × image cost × working days + videos/day × video cost × working days,
// plus a 20–30% buffer for variants, model switches and higher quality settings. A workload the
// free 100 credits a day cover (standard models only: free credits can't pay for Pro ones) stays on Free.
import { FREE_DAILY_CREDITS, PLANS, type Plan } from "./plans";

export type EstimateInput = {
  imagesPerDay: number;
  imageCost: number;
  videosPerDay: number;
  videoCost: number;
  workingDays: number;
  /** 20 to 30. */
  bufferPercent: number;
  /** A Pro model is picked: free daily credits can't pay for it, so Free never covers the workload. */
  usesProModels?: boolean;
};

export type Estimate = {
  images: number;
  imageCredits: number;
  videos: number;
  videoCredits: number;
  subtotal: number;
  buffer: number;
  total: number;
  /** Credits a working day, buffer included (rounded up). */
  perDay: number;
  /**
   * Free when its daily free credits cover a working day's need; else the smallest paid plan whose
   * monthly credits cover the total, or null when none does.
   */
  suggestedPlan: Plan | null;
  /** Credits a month beyond the suggested (or largest) plan, to cover with top-ups. */
  shortfall: number;
};

export const BUFFER_RANGE = { min: 20, max: 30, default: 25 } as const;

export function estimateMonthlyCredits(input: EstimateInput): Estimate {
  const images = input.imagesPerDay * input.workingDays;
  const videos = input.videosPerDay * input.workingDays;
  const imageCredits = images * input.imageCost;
  const videoCredits = videos * input.videoCost;
  const subtotal = imageCredits + videoCredits;
  // Rounded up: an estimate should never come out short by a credit.
  const buffer = Math.ceil((subtotal * input.bufferPercent) / 100);
  const total = subtotal + buffer;
  const daily = input.imagesPerDay * input.imageCost + input.videosPerDay * input.videoCost;
  const perDay = Math.ceil((daily * (100 + input.bufferPercent)) / 100);
  const figures = { images, imageCredits, videos, videoCredits, subtotal, buffer, total, perDay };
  if (!input.usesProModels && perDay <= FREE_DAILY_CREDITS) {
    return { ...figures, suggestedPlan: PLANS.free, shortfall: 0 };
  }
  const paid = Object.values(PLANS)
    .filter((plan) => plan.monthlyCredits > 0)
    .sort((a, b) => a.monthlyCredits - b.monthlyCredits);
  const suggestedPlan = paid.find((plan) => plan.monthlyCredits >= total) ?? null;
  const largest = paid.at(-1);
  const shortfall = suggestedPlan ? 0 : Math.max(total - (largest?.monthlyCredits ?? 0), 0);
  return { ...figures, suggestedPlan, shortfall };
}
