"use client";

import type { ReactNode } from "react";
import { formatCredits, formatDay, formatLongDay } from "@/lib/format";

/** Series colours: distinct in light and dark mode, in the order series are ranked. */
export const SERIES_COLORS = ["#4f46e5", "#0891b2", "#d97706", "#db2777", "#16a34a", "#7c3aed", "#64748b"];

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length] ?? "#64748b";
}

export const AXIS_TICK = { fontSize: 12, fill: "currentColor" } as const;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

// Recharts also asks for labels it has no data point for (say a tooltip before hovering): those are blank.

/** "2026-03-08" -> "Mar 8", for an axis. */
export function shortDay(day: string): string {
  return ISO_DAY.test(day) ? formatDay(day) : "";
}

/** "2026-03-08" -> "Sun, Mar 8, 2026", for a tooltip. */
export function longDay(day: string): string {
  return ISO_DAY.test(day) ? formatLongDay(day) : "";
}

type TooltipEntry = { name?: unknown; value?: unknown; color?: string; dataKey?: unknown };

/** The tooltip every chart uses: a title and exact figures, largest first, with a total. */
export function ChartTooltip({
  active,
  payload,
  title,
  showTotal = true,
}: {
  active?: boolean;
  payload?: readonly TooltipEntry[];
  title: ReactNode;
  showTotal?: boolean;
}) {
  if (!active || !payload || payload.length === 0) return null;
  const entries = payload
    .map((entry) => ({
      name: String(entry.name ?? entry.dataKey),
      value: Number(entry.value ?? 0),
      color: entry.color,
    }))
    .filter((entry) => entry.value !== 0)
    .sort((a, b) => b.value - a.value);
  const total = entries.reduce((sum, entry) => sum + entry.value, 0);
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-3 py-2 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900">
      <p className="font-medium text-slate-900 dark:text-white">{title}</p>
      {entries.length === 0 ? <p className="text-slate-600 dark:text-slate-400">No credits used</p> : null}
      <ul className="mt-1 space-y-0.5">
        {entries.map((entry) => (
          <li key={entry.name} className="flex items-center justify-between gap-6 tabular-nums">
            <span className="flex items-center gap-1.5 text-slate-700 dark:text-slate-300">
              <span className="size-2.5 rounded-sm" style={{ background: entry.color }} aria-hidden="true" />
              {entry.name}
            </span>
            <span className="text-slate-900 dark:text-white">{formatCredits(entry.value)}</span>
          </li>
        ))}
      </ul>
      {showTotal && entries.length > 1 ? (
        <p className="mt-1 flex justify-between gap-6 border-t border-slate-200 pt-1 font-medium tabular-nums text-slate-900 dark:border-slate-700 dark:text-white">
          <span>Total</span>
          <span>{formatCredits(total)} credits</span>
        </p>
      ) : null}
    </div>
  );
}
