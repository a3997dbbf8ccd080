"use client";

import { useId, useState, type ReactNode } from "react";
import {
  BUFFER_RANGE,
  estimateMonthlyCredits,
  type Estimate,
  type EstimateInput,
} from "@/lib/billing/estimator";
import { PLANS } from "@/lib/billing/plans";
import { formatCredits } from "@/lib/format";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { formatPrice } from "@/components/plans/plan-format";
import { cn } from "@/components/ui/cn";
import type { PricingRate } from "./rates";

type Props = {
  imageRates: readonly PricingRate[];
  videoRates: readonly PricingRate[];
};

const LIMITS = {
  imagesPerDay: { min: 0, max: 10_000 },
  videosPerDay: { min: 0, max: 10_000 },
  workingDays: { min: 1, max: 31 },
} as const;

type NumberField = keyof typeof LIMITS;

/** A whole number within the field's range, or the reason it isn't one. */
function parseWhole(text: string, field: NumberField): { value: number } | { error: string } {
  const { min, max } = LIMITS[field];
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { error: "Enter a whole number." };
  const value = Number(trimmed);
  if (value < min || value > max) return { error: `Enter a number from ${min} to ${formatCredits(max)}.` };
  return { value };
}

/** The cheapest standard rate, so the first estimate is the everyday case. */
function defaultRate(rates: readonly PricingRate[]): PricingRate | undefined {
  return [...rates].sort(
    (a, b) => Number(a.isPro) - Number(b.isPro) || a.creditsPerResult - b.creditsPerResult,
  )[0];
}

function rateOption(rate: PricingRate): string {
  return `${rate.label} — ${formatCredits(rate.creditsPerResult)} credits${rate.isPro ? " (Pro)" : ""}`;
}

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

/**
 * How many credits a month a workload needs: images/day × cost + videos/day × cost, times working
 * days, plus a 20–30% buffer, and the smallest plan that covers it. Updates as you type.
 */
export function CreditEstimator({ imageRates, videoRates }: Props) {
  const ids = useId();
  const [imagesPerDay, setImagesPerDay] = useState("30");
  const [videosPerDay, setVideosPerDay] = useState("10");
  const [workingDays, setWorkingDays] = useState("22");
  const [bufferPercent, setBufferPercent] = useState<number>(BUFFER_RANGE.default);
  const [imageRateId, setImageRateId] = useState(defaultRate(imageRates)?.id ?? "");
  const [videoRateId, setVideoRateId] = useState(defaultRate(videoRates)?.id ?? "");

  const imageRate = imageRates.find((rate) => rate.id === imageRateId);
  const videoRate = videoRates.find((rate) => rate.id === videoRateId);
  const parsed = {
    imagesPerDay: parseWhole(imagesPerDay, "imagesPerDay"),
    videosPerDay: parseWhole(videosPerDay, "videosPerDay"),
    workingDays: parseWhole(workingDays, "workingDays"),
  };
  const errorOf = (field: NumberField) => {
    const result = parsed[field];
    return "error" in result ? [result.error] : undefined;
  };

  const inputs =
    "value" in parsed.imagesPerDay && "value" in parsed.videosPerDay && "value" in parsed.workingDays
      ? {
          imagesPerDay: imageRate ? parsed.imagesPerDay.value : 0,
          imageCost: imageRate?.creditsPerResult ?? 0,
          videosPerDay: videoRate ? parsed.videosPerDay.value : 0,
          videoCost: videoRate?.creditsPerResult ?? 0,
          workingDays: parsed.workingDays.value,
          bufferPercent,
        }
      : null;
  const computed = inputs ? estimateMonthlyCredits(inputs) : null;
  // Integers all the way; a workload too large for exact arithmetic is refused, not rounded.
  const estimate: Estimate | null = computed && Number.isSafeInteger(computed.total) ? computed : null;

  const usesPro = Boolean(imageRate?.isPro || videoRate?.isPro);
  const resultsId = `${ids}-results`;

  return (
    <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_minmax(0,26rem)]">
      <form className="space-y-6" onSubmit={(event) => event.preventDefault()}>
        <fieldset className="grid gap-4 sm:grid-cols-[10rem_minmax(0,1fr)]">
          <legend className="mb-3 text-sm font-semibold text-slate-900 dark:text-white">Images</legend>
          <Field id={`${ids}-images`} label="Images per day" errors={errorOf("imagesPerDay")}>
            {(aria) => (
              <Input
                {...aria}
                type="number"
                inputMode="numeric"
                min={LIMITS.imagesPerDay.min}
                max={LIMITS.imagesPerDay.max}
                step={1}
                value={imagesPerDay}
                onChange={(event) => setImagesPerDay(event.target.value)}
              />
            )}
          </Field>
          <Field id={`${ids}-image-model`} label="Image model">
            {(aria) =>
              imageRates.length > 0 ? (
                <Select
                  {...aria}
                  value={imageRateId}
                  onChange={(event) => setImageRateId(event.target.value)}
                >
                  {imageRates.map((rate) => (
                    <option key={rate.id} value={rate.id}>
                      {rateOption(rate)}
                    </option>
                  ))}
                </Select>
              ) : (
                <p id={aria.id} className="py-2 text-sm text-slate-600 dark:text-slate-400">
                  The rate card has no image models.
                </p>
              )
            }
          </Field>
        </fieldset>

        <fieldset className="grid gap-4 sm:grid-cols-[10rem_minmax(0,1fr)]">
          <legend className="mb-3 text-sm font-semibold text-slate-900 dark:text-white">Videos</legend>
          <Field id={`${ids}-videos`} label="Videos per day" errors={errorOf("videosPerDay")}>
            {(aria) => (
              <Input
                {...aria}
                type="number"
                inputMode="numeric"
                min={LIMITS.videosPerDay.min}
                max={LIMITS.videosPerDay.max}
                step={1}
                value={videosPerDay}
                onChange={(event) => setVideosPerDay(event.target.value)}
              />
            )}
          </Field>
          <Field id={`${ids}-video-model`} label="Video model and settings">
            {(aria) =>
              videoRates.length > 0 ? (
                <Select
                  {...aria}
                  value={videoRateId}
                  onChange={(event) => setVideoRateId(event.target.value)}
                >
                  {videoRates.map((rate) => (
                    <option key={rate.id} value={rate.id}>
                      {rateOption(rate)}
                    </option>
                  ))}
                </Select>
              ) : (
                <p id={aria.id} className="py-2 text-sm text-slate-600 dark:text-slate-400">
                  The rate card has no video models.
                </p>
              )
            }
          </Field>
        </fieldset>

        <div className="grid gap-4 sm:grid-cols-[10rem_minmax(0,1fr)]">
          <Field id={`${ids}-days`} label="Working days a month" errors={errorOf("workingDays")}>
            {(aria) => (
              <Input
                {...aria}
                type="number"
                inputMode="numeric"
                min={LIMITS.workingDays.min}
                max={LIMITS.workingDays.max}
                step={1}
                value={workingDays}
                onChange={(event) => setWorkingDays(event.target.value)}
              />
            )}
          </Field>
          <div>
            <div className="flex items-baseline justify-between gap-3">
              <label
                htmlFor={`${ids}-buffer`}
                className="block text-sm font-medium text-slate-900 dark:text-white"
              >
                Buffer
              </label>
              <span
                className="text-sm font-semibold text-slate-900 tabular-nums dark:text-white"
                aria-hidden="true"
              >
                {bufferPercent}%
              </span>
            </div>
            <input
              id={`${ids}-buffer`}
              type="range"
              min={BUFFER_RANGE.min}
              max={BUFFER_RANGE.max}
              step={1}
              value={bufferPercent}
              aria-valuetext={`${bufferPercent}%`}
              aria-describedby={`${ids}-buffer-hint`}
              onChange={(event) => setBufferPercent(Number(event.target.value))}
              className="mt-3 w-full accent-indigo-600"
            />
            <p id={`${ids}-buffer-hint`} className="mt-1.5 text-xs text-slate-600 dark:text-slate-400">
              {BUFFER_RANGE.min}–{BUFFER_RANGE.max}%, for variants, switching models and higher quality
              settings.
            </p>
          </div>
        </div>
      </form>

      <section
        id={resultsId}
        aria-label="Estimate"
        aria-live="polite"
        className="rounded-xl bg-slate-50 p-5 ring-1 ring-slate-200 ring-inset dark:bg-slate-950/50 dark:ring-slate-800"
        data-testid="estimate"
      >
        <h3 className="text-sm font-semibold text-slate-900 dark:text-white">Your monthly estimate</h3>
        {estimate && inputs ? (
          <EstimateResult estimate={estimate} inputs={inputs} usesPro={usesPro} />
        ) : (
          <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
            {computed
              ? "That workload is too large to estimate exactly."
              : "Enter whole numbers in every field to see the estimate."}
          </p>
        )}
      </section>
    </div>
  );
}

function EstimateResult({
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
