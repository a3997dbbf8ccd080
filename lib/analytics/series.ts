// Turns the daily rows into what a stacked chart draws: one point per day of the range (days without
// usage are zero) and at most `maxKeys` series, the rest summed as "Other".
import type { DailyUsage } from "@/db/queries/analytics";
import { eachDay } from "./range";

export const OTHER_KEY = "Other";

export type StackedSeries = { keys: string[]; points: ({ day: string } & Record<string, number | string>)[] };

export function stackDaily(rows: DailyUsage[], from: string, to: string, maxKeys = 6): StackedSeries {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.key, (totals.get(row.key) ?? 0) + row.credits);
  const ranked = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k]) => k);
  const kept = ranked.length > maxKeys ? ranked.slice(0, maxKeys - 1) : ranked;
  const keys = ranked.length > kept.length ? [...kept, OTHER_KEY] : kept;
  const keptSet = new Set(kept);
  const byDay = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const key = keptSet.has(row.key) ? row.key : OTHER_KEY;
    const point = byDay.get(row.day) ?? {};
    point[key] = (point[key] ?? 0) + row.credits;
    byDay.set(row.day, point);
  }
  const points = eachDay(from, to).map((day) => {
    const values = byDay.get(day) ?? {};
    return { day, ...Object.fromEntries(keys.map((key) => [key, values[key] ?? 0])) };
  });
  return { keys, points };
}
