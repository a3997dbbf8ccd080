import type { ReactNode } from "react";
import type { Estimate, EstimateInput } from "@/lib/billing/estimator";
import { FREE_DAILY_CREDITS, PLANS } from "@/lib/billing/plans";
import { formatCredits } from "@/lib/format";
import { formatPrice } from "@/components/plans/plan-format";
import { cn } from "@/components/ui/cn";

function Line({
  label,
  children,
  value,
  testId,
  strong = false,
}: {
  label: string;
  children?: ReactNode;
  value: string;
  testId: string;
  strong?: boolean;
}) {
  return (
    <div className={cn("grid grid-cols-[1fr_auto] items-baseline gap-x-4 py-2.5", strong && "pt-3")}>
      <dt
        className={cn(
          "text-sm",
          strong ? "font-semibold text-slate-900 dark:text-white" : "text-slate-700 dark:text-slate-300",
        )}
      >
        {label}
      </dt>
      <dd
        className={cn(
          "text-right tabular-nums",
          strong
            ? "text-2xl font-semibold text-slate-900 dark:text-white"
            : "text-sm font-medium text-slate-900 dark:text-white",
        )}
        data-testid={testId}
      >
        {value}
      </dd>
      {children ? (
        <dd className="col-span-2 text-xs text-slate-600 tabular-nums dark:text-slate-400">{children}</dd>
      ) : null}
    </div>
  );
}

/** The estimate line by line, with its working, and the plan that covers it. */
export function EstimateResult({
  estimate,
  inputs,
  usesPro,
}: {
  estimate: Estimate;
  inputs: EstimateInput;
  usesPro: boolean;
}) {
  const n = formatCredits;
  const plan = estimate.suggestedPlan;
  const largest = Object.values(PLANS).reduce((a, b) => (b.monthlyCredits > a.monthlyCredits ? b : a));
  return (
    <>
      <dl className="mt-2 divide-y divide-slate-200 dark:divide-slate-800">
        <Line label="Images" value={n(estimate.imageCredits)} testId="estimate-images">
          {n(inputs.imagesPerDay)} × {n(inputs.workingDays)} = {n(estimate.images)} images ×{" "}
          {n(inputs.imageCost)} = {n(estimate.imageCredits)}
        </Line>
        <Line label="Videos" value={n(estimate.videoCredits)} testId="estimate-videos">
          {n(inputs.videosPerDay)} × {n(inputs.workingDays)} = {n(estimate.videos)} videos ×{" "}
          {n(inputs.videoCost)} = {n(estimate.videoCredits)}
        </Line>
        <Line label="Subtotal" value={n(estimate.subtotal)} testId="estimate-subtotal">
          {n(estimate.imageCredits)} + {n(estimate.videoCredits)}
        </Line>
        <Line label={`Buffer (${inputs.bufferPercent}%)`} value={n(estimate.buffer)} testId="estimate-buffer">
          {n(estimate.subtotal)} × {inputs.bufferPercent}%, rounded up
        </Line>
        <Line label="Total per month" value={n(estimate.total)} testId="estimate-total" strong />
      </dl>
      <div
        className="mt-4 rounded-lg bg-white px-4 py-3 text-sm ring-1 ring-slate-200 ring-inset dark:bg-slate-900 dark:ring-slate-800"
        data-testid="estimate-suggestion"
      >
        {estimate.subtotal === 0 ? (
          <p className="text-slate-700 dark:text-slate-300">
            Nothing to estimate yet: add some images or videos a day.
          </p>
        ) : plan?.id === "free" ? (
          <>
            <p className="text-slate-700 dark:text-slate-300">
              Suggested plan:{" "}
              <strong className="font-semibold text-slate-900 dark:text-white" data-testid="suggested-plan">
                Stay on Free
              </strong>
            </p>
            <p className="mt-1 text-slate-600 dark:text-slate-400" data-testid="estimate-free">
              The {n(FREE_DAILY_CREDITS)} free credits every day cover the {n(estimate.perDay)} credits a
              working day needs (buffer included), so no subscription is needed. Free credits expire at
              midnight.
            </p>
          </>
        ) : plan ? (
          <>
            <p className="text-slate-700 dark:text-slate-300">
              Suggested plan:{" "}
              <strong className="font-semibold text-slate-900 dark:text-white" data-testid="suggested-plan">
                {plan.name}
              </strong>
            </p>
            <p className="mt-1 text-slate-600 dark:text-slate-400">
              {n(plan.monthlyCredits)} credits every month cover {n(estimate.total)}, from{" "}
              {formatPrice(plan.monthlyPriceCents.year)} a month billed annually (
              {formatPrice(plan.monthlyPriceCents.month)} monthly).
            </p>
          </>
        ) : (
          <>
            <p className="text-slate-700 dark:text-slate-300">
              Suggested plan:{" "}
              <strong className="font-semibold text-slate-900 dark:text-white" data-testid="suggested-plan">
                {largest.name}
              </strong>{" "}
              plus top-ups
            </p>
            <p className="mt-1 text-slate-600 dark:text-slate-400" data-testid="estimate-shortfall">
              {largest.name}&apos;s {n(largest.monthlyCredits)} credits a month leave{" "}
              <strong className="font-semibold text-slate-900 dark:text-white">
                {n(estimate.shortfall)}
              </strong>{" "}
              to cover with top-ups, which never expire.
            </p>
          </>
        )}
        {usesPro ? (
          <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
            Pro models need an active subscription; free daily credits can&apos;t pay for them.
          </p>
        ) : null}
      </div>
    </>
  );
}
