"use client";

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCompactNumber } from "@/lib/format";
import { AXIS_TICK, ChartTooltip, seriesColor } from "./chart-base";

export type BreakdownBar = { name: string; credits: number };

/** Horizontal bars: credits per model, feature, ... largest first. */
export function BreakdownBarChart({ bars, label }: { bars: BreakdownBar[]; label: string }) {
  const height = Math.max(120, bars.length * 36 + 32);
  return (
    <div
      className="w-full text-slate-500 dark:text-slate-400"
      style={{ height }}
      role="img"
      aria-label={label}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bars} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid horizontal={false} stroke="currentColor" strokeOpacity={0.15} />
          <XAxis
            type="number"
            tickFormatter={formatCompactNumber}
            tick={AXIS_TICK}
            tickLine={false}
            axisLine={false}
            allowDecimals={false}
          />
          <YAxis
            type="category"
            dataKey="name"
            tick={AXIS_TICK}
            tickLine={false}
            axisLine={false}
            width={120}
          />
          <Tooltip
            cursor={{ fill: "currentColor", fillOpacity: 0.08 }}
            content={({ active, payload, label: name }) => (
              <ChartTooltip active={active} payload={payload} title={String(name)} showTotal={false} />
            )}
          />
          <Bar dataKey="credits" name="Credits" isAnimationActive={false} radius={[0, 4, 4, 0]}>
            {bars.map((bar, index) => (
              <Cell key={bar.name} fill={seriesColor(index)} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
