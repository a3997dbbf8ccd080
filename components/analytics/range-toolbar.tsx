"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type CSSProperties } from "react";
import { DayPicker, type DateRange as PickedRange } from "react-day-picker";
import "react-day-picker/style.css";
import {
  MAX_RANGE_DAYS,
  RANGE_LABELS,
  RANGE_PRESETS,
  daysBetween,
  type RangePreset,
} from "@/lib/analytics/range";
import { analyticsQuery, type AnalyticsParams } from "@/lib/analytics/search-params";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { cn } from "@/components/ui/cn";
import { longDay } from "@/components/charts/chart-base";

type Option = { value: string; label: string };

type Props = {
  basePath: string;
  /** Parameters the page keeps whatever the range (My usage's member). */
  keep?: Record<string, string>;
  state: AnalyticsParams;
  /** Today in the workspace's time zone (YYYY-MM-DD): the last day a range may end on. */
  today: string;
  timeZoneName: string;
  /** Filter choices; leave out for a range-only toolbar (My usage). */
  filters?: { members: Option[]; apiKeys?: Option[]; models: Option[]; features: Option[] };
};

// react-day-picker declares its colours on its own root, in a stylesheet outside Tailwind's layers,
// so classes on a parent can't reach them. The root's inline style points them at the wrapper's
// --picker-* variables, which the wrapper sets for light and dark.
const PICKER_COLORS = {
  "--rdp-accent-color": "var(--picker-accent)",
  "--rdp-accent-background-color": "var(--picker-accent-bg)",
  "--rdp-range_start-color": "var(--picker-on-accent)",
  "--rdp-range_end-color": "var(--picker-on-accent)",
} as CSSProperties;
/** Calendar dates as the picker's local Date objects, and back (no time zone conversion). */
function toPickerDate(day: string): Date {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}
function fromPickerDate(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

const LABEL = "block text-xs font-medium text-slate-600 dark:text-slate-400";

/**
 * The date range (presets and a custom range picker) and the filters. Every change is a new URL,
 * so the server renders the figures and any view can be shared; the toolbar says when it is loading.
 */
export function RangeToolbar({ basePath, keep, state, today, timeZoneName, filters }: Props) {
  const router = useRouter();
  const ids = useId();
  const [isPending, startTransition] = useTransition();
  const [isPicking, setPicking] = useState(false);
  const shown = (): PickedRange => ({
    from: toPickerDate(state.range.from),
    to: toPickerDate(state.range.to),
  });
  const [picked, setPicked] = useState<PickedRange | undefined>(shown);

  function go(changes: Partial<AnalyticsParams>) {
    const params = new URLSearchParams(analyticsQuery(state, changes));
    for (const [key, value] of Object.entries(keep ?? {})) params.set(key, value);
    const query = params.toString();
    startTransition(() => router.push(query ? `${basePath}?${query}` : basePath, { scroll: false }));
  }

  function choosePreset(preset: RangePreset) {
    if (preset === "custom") {
      // The picker opens on the range the page shows now (a preset may have changed it since).
      if (!isPicking) setPicked(shown());
      setPicking(!isPicking);
      return;
    }
    setPicking(false);
    go({ range: { preset, from: state.range.from, to: state.range.to } });
  }

  const pickedFrom = picked?.from ? fromPickerDate(picked.from) : null;
  const pickedTo = picked?.to ? fromPickerDate(picked.to) : pickedFrom;
  const tooLong = pickedFrom && pickedTo ? daysBetween(pickedFrom, pickedTo) > MAX_RANGE_DAYS : false;

  return (
    <div className="space-y-3" aria-busy={isPending}>
      <div className="flex flex-wrap items-center gap-3">
        <div
          role="group"
          aria-label="Date range"
          className="flex flex-wrap gap-1 rounded-lg bg-slate-100 p-1 dark:bg-slate-800/70"
        >
          {RANGE_PRESETS.map((preset) => {
            const isCurrent = state.range.preset === preset;
            return (
              <button
                key={preset}
                type="button"
                aria-pressed={isCurrent}
                aria-expanded={preset === "custom" ? isPicking : undefined}
                aria-controls={preset === "custom" ? `${ids}-picker` : undefined}
                onClick={() => choosePreset(preset)}
                className={cn(
                  "rounded-md px-2.5 py-1.5 text-sm font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
                  isCurrent
                    ? "bg-white text-slate-900 shadow-sm dark:bg-slate-950 dark:text-white"
                    : "text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white",
                )}
              >
                {RANGE_LABELS[preset]}
              </button>
            );
          })}
        </div>
        <p className="text-sm text-slate-600 tabular-nums dark:text-slate-400" data-testid="range-label">
          {longDay(state.range.from)} – {longDay(state.range.to)}
          <span className="text-slate-500 dark:text-slate-400"> · {timeZoneName}</span>
        </p>
        <span role="status" aria-live="polite" className="text-sm text-indigo-700 dark:text-indigo-300">
          {isPending ? (
            <span className="inline-flex items-center gap-1.5">
              <span
                className="size-3 animate-spin rounded-full border-2 border-current border-r-transparent"
                aria-hidden="true"
              />
              Updating…
            </span>
          ) : null}
        </span>
      </div>

      {isPicking ? (
        <div
          id={`${ids}-picker`}
          className="w-fit rounded-lg border border-slate-200 bg-white p-3 shadow-sm [--picker-accent-bg:var(--color-indigo-100)] [--picker-accent:var(--color-indigo-600)] [--picker-on-accent:white] dark:border-slate-700 dark:bg-slate-900 dark:[--picker-accent-bg:var(--color-indigo-950)] dark:[--picker-accent:var(--color-indigo-400)] dark:[--picker-on-accent:var(--color-slate-950)]"
        >
          <DayPicker
            style={PICKER_COLORS}
            mode="range"
            // A click on a complete range starts a new one there, rather than moving one of its ends.
            resetOnSelect
            selected={picked}
            onSelect={setPicked}
            defaultMonth={picked?.from}
            disabled={{ after: toPickerDate(today) }}
            endMonth={toPickerDate(today)}
            weekStartsOn={1}
          />
          <div className="mt-2 flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 pt-3 dark:border-slate-700">
            <p
              className="text-sm text-slate-700 dark:text-slate-300"
              aria-live="polite"
              data-testid="picked-range"
            >
              {pickedFrom
                ? `${longDay(pickedFrom)} – ${longDay(pickedTo ?? pickedFrom)}`
                : "Pick the first day"}
              {tooLong ? (
                <span className="block text-red-700 dark:text-red-400">
                  Pick at most {MAX_RANGE_DAYS} days.
                </span>
              ) : null}
            </p>
            <div className="flex gap-2">
              <Button variant="ghost" onClick={() => setPicking(false)}>
                Cancel
              </Button>
              <Button
                disabled={!pickedFrom || tooLong}
                onClick={() => {
                  if (!pickedFrom) return;
                  setPicking(false);
                  go({ range: { preset: "custom", from: pickedFrom, to: pickedTo ?? pickedFrom } });
                }}
              >
                Apply range
              </Button>
            </div>
          </div>
        </div>
      ) : null}

      {filters ? (
        <div
          className={
            filters.apiKeys
              ? "grid grid-cols-1 gap-3 sm:grid-cols-2 lg:max-w-4xl lg:grid-cols-4"
              : "grid grid-cols-1 gap-3 sm:grid-cols-3 lg:max-w-3xl"
          }
        >
          {(
            [
              ["member", "Member", "Everyone", filters.members],
              ...(filters.apiKeys
                ? ([["apiKey", "API key", "Any key or the app", filters.apiKeys]] as const)
                : []),
              ["model", "Model", "All models", filters.models],
              ["feature", "Feature", "All features", filters.features],
            ] as const
          ).map(([key, label, allLabel, options]) => (
            <div key={key}>
              <label htmlFor={`${ids}-${key}`} className={LABEL}>
                {label}
              </label>
              <Select
                id={`${ids}-${key}`}
                value={state[key] ?? ""}
                onChange={(event) => go({ [key]: event.target.value || null })}
                className="mt-1 h-9"
              >
                <option value="">{allLabel}</option>
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </Select>
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
