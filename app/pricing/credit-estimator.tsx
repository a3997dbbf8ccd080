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

const FIELD_LABELS: Record<NumberField, string> = {
  imagesPerDay: "Images per day",
  videosPerDay: "Videos per day",
  workingDays: "Working days a month",
};

/** The two kinds of result, each a fieldset: how many a day, and the model. */
const KINDS = [
  {
    kind: "image",
    legend: "Images",
    count: "imagesPerDay",
    countId: "images",
    countLabel: FIELD_LABELS.imagesPerDay,
    modelLabel: "Image model",
  },
  {
    kind: "video",
    legend: "Videos",
    count: "videosPerDay",
    countId: "videos",
    countLabel: FIELD_LABELS.videosPerDay,
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

type Parsed = { value: number } | { error: string; rule: "whole" | "max" | "min" };

/** A whole number within the field's range, or the rule it breaks (said as that rule: a maximum is a maximum). */
function parseWhole(text: string, field: NumberField): Parsed {
  const { min, max } = LIMITS[field];
  const trimmed = text.trim().replace(/[,_\s]/g, "");
  if (!/^\d+$/.test(trimmed)) return { error: "Enter a whole number.", rule: "whole" };
  const value = Number(trimmed);
  if (value > max) return { error: `The most is ${formatCredits(max)}.`, rule: "max" };
  if (value < min) return { error: `The least is ${formatCredits(min)}.`, rule: "min" };
  return { value };
}

/** Why there is no estimate: the first field that needs attention, in its own terms. */
function whyNoEstimate(parsed: Record<NumberField, Parsed>): string {
  for (const field of Object.keys(LIMITS) as NumberField[]) {
    const result = parsed[field];
    if (!("error" in result)) continue;
    const { min, max } = LIMITS[field];
    const label = FIELD_LABELS[field];
    if (result.rule === "max")
      return `${label} can be at most ${formatCredits(max)}: lower it to see the estimate.`;
    if (result.rule === "min")
      return `${label} must be at least ${formatCredits(min)}: raise it to see the estimate.`;
    return `Enter a whole number in ${label} to see the estimate.`;
  }
  return "";
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
  const parsed: Record<NumberField, Parsed> = {
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
          usesProModels: Boolean(imageRate?.isPro || videoRate?.isPro),
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
          <WholeNumberField {...numberField("workingDays", "days", FIELD_LABELS.workingDays)} />
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
            {computed ? "That workload is too large to estimate exactly." : whyNoEstimate(parsed)}
          </p>
        )}
      </section>
    </div>
  );
}
