// Date ranges for analytics: whole local days (YYYY-MM-DD, inclusive) in the workspace's time zone,
// the unit the daily rollups are kept in, so every range is an exact sum of rollup rows.
import { saneDay } from "@/lib/validation/dates";
import { formatLocalDate } from "@/lib/format";

export const RANGE_PRESETS = ["7d", "30d", "90d", "this-month", "last-month", "custom"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const RANGE_LABELS: Record<RangePreset, string> = {
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  "this-month": "This month",
  "last-month": "Last month",
  custom: "Custom range",
};

/** Longest range a custom selection may span, in days. */
export const MAX_RANGE_DAYS = 366;

export type DateRange = { preset: RangePreset; from: string; to: string };

/** A day a range may start or end on: a real calendar date between 2000 and 2100. */
export const isoDay = saneDay;

/**
 * The most days any series is ever built for: a custom range is at most MAX_RANGE_DAYS, and its
 * comparison period as long again. A longer one is a bug or an attack, refused before any work.
 */
export const MAX_SERIES_DAYS = 2 * MAX_RANGE_DAYS;

function toUtcDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** Calendar arithmetic on local dates (no time zone is involved once the date is local). */
export function addDays(day: string, days: number): string {
  const date = toUtcDay(day);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcDay(to).getTime() - toUtcDay(from).getTime()) / 86_400_000) + 1;
}

/**
 * Every day of the range, in order. Counted, not compared as text (the day after 9999-12-31 formats
 * as "+010000-01-01", which sorts before it), and never more than MAX_SERIES_DAYS.
 */
export function eachDay(from: string, to: string): string[] {
  const count = daysBetween(from, to);
  if (!Number.isFinite(count) || count > MAX_SERIES_DAYS) {
    throw new RangeError(`a range of ${count} days is longer than the ${MAX_SERIES_DAYS} allowed`);
  }
  return Array.from({ length: Math.max(count, 0) }, (_, i) => addDays(from, i));
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function localToday(now: Date, timeZone: string): string {
  return formatLocalDate(now, timeZone);
}

/**
 * The range a preset means on `today` (local). A custom range is clamped to the allowed length and
 * put in order; a missing or malformed one falls back to the last 30 days.
 */
export function resolveRange(
  today: string,
  preset: RangePreset,
  custom?: { from?: string | null; to?: string | null },
): DateRange {
  switch (preset) {
    case "7d":
      return { preset, from: addDays(today, -6), to: today };
    case "30d":
      return { preset, from: addDays(today, -29), to: today };
    case "90d":
      return { preset, from: addDays(today, -89), to: today };
    case "this-month":
      return { preset, from: `${today.slice(0, 8)}01`, to: today };
    case "last-month": {
      const lastDay = addDays(`${today.slice(0, 8)}01`, -1);
      return { preset, from: `${lastDay.slice(0, 8)}01`, to: lastDay };
    }
    case "custom": {
      const from = custom?.from && isoDay.safeParse(custom.from).success ? custom.from : null;
      const to = custom?.to && isoDay.safeParse(custom.to).success ? custom.to : null;
      if (!from || !to) return resolveRange(today, "30d");
      const [start, end] = from <= to ? [from, to] : [to, from];
      const clampedStart =
        daysBetween(start, end) > MAX_RANGE_DAYS ? addDays(end, 1 - MAX_RANGE_DAYS) : start;
      return { preset, from: clampedStart, to: end };
    }
  }
}
