"use client";

import { useId, useState } from "react";
import { BUFFER_RANGE, estimateMonthlyCredits, type Estimate } from "@/lib/billing/estimator";
import { formatCredits } from "@/lib/format";
import { EstimateResult } from "./estimate-result";
import { BufferField, WholeNumberField, WorkloadFieldset } from "./estimator-fields";
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

type Kind = "image" | "video";

/** The two kinds of result, each a fieldset: how many a day, and the model. */
const KINDS = [
  {
    kind: "image",
    legend: "Images",
    count: "imagesPerDay",
    countId: "images",
    countLabel: "Images per day",
    modelLabel: "Image model",
  },
  {
    kind: "video",
    legend: "Videos",
    count: "videosPerDay",
    countId: "videos",
    countLabel: "Videos per day",
    modelLabel: "Video model and settings",
  },
] as const satisfies readonly {
  kind: Kind;
  legend: string;
  count: NumberField;
  countId: string;
  countLabel: string;
  modelLabel: string;
}[];

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

/**
 * How many credits a month a workload needs: images/day × cost + videos/day × cost, times working
 * days, plus a 20–30% buffer, and the smallest plan that covers it. Updates as you type.
 */
export function CreditEstimator({ imageRates, videoRates }: Props) {
  const ids = useId();
  const [text, setText] = useState<Record<NumberField, string>>({
    imagesPerDay: "30",
    videosPerDay: "10",
    workingDays: "22",
  });
  const [bufferPercent, setBufferPercent] = useState<number>(BUFFER_RANGE.default);
  const [rateIds, setRateIds] = useState<Record<Kind, string>>({
    image: defaultRate(imageRates)?.id ?? "",
    video: defaultRate(videoRates)?.id ?? "",
  });

  const rates = { image: imageRates, video: videoRates };
  const imageRate = imageRates.find((rate) => rate.id === rateIds.image);
  const videoRate = videoRates.find((rate) => rate.id === rateIds.video);
  const parsed = {
    imagesPerDay: parseWhole(text.imagesPerDay, "imagesPerDay"),
    videosPerDay: parseWhole(text.videosPerDay, "videosPerDay"),
    workingDays: parseWhole(text.workingDays, "workingDays"),
  };
  const numberField = (field: NumberField, id: string, label: string) => {
    const result = parsed[field];
    return {
      id: `${ids}-${id}`,
      label,
      value: text[field],
      onChange: (value: string) => setText((all) => ({ ...all, [field]: value })),
      errors: "error" in result ? [result.error] : undefined,
      limits: LIMITS[field],
    };
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
        {KINDS.map((kind) => (
          <WorkloadFieldset
            key={kind.kind}
            legend={kind.legend}
            count={numberField(kind.count, kind.countId, kind.countLabel)}
            model={{
              id: `${ids}-${kind.kind}-model`,
              label: kind.modelLabel,
              rates: rates[kind.kind],
              value: rateIds[kind.kind],
              onChange: (rateId) => setRateIds((all) => ({ ...all, [kind.kind]: rateId })),
              emptyText: `The rate card has no ${kind.kind} models.`,
            }}
          />
        ))}
        <div className="grid gap-4 sm:grid-cols-[10rem_minmax(0,1fr)]">
          <WholeNumberField {...numberField("workingDays", "days", "Working days a month")} />
          <BufferField id={`${ids}-buffer`} value={bufferPercent} onChange={setBufferPercent} />
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
