"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { StackedSeries } from "@/lib/analytics/series";
import { formatCompactNumber } from "@/lib/format";
import { AXIS_TICK, ChartTooltip, longDay, seriesColor, shortDay } from "./chart-base";

/** Credits per day, stacked by feature or model. */
export function UsageOverTimeChart({ series, label }: { series: StackedSeries; label: string }) {
  return (
    <div className="h-72 w-full text-slate-500 dark:text-slate-400" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={series.points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
          <XAxis
            dataKey="day"
            tickFormatter={shortDay}
            tick={AXIS_TICK}
            tickLine={false}
            axisLine={false}
            minTickGap={24}
          />
          <YAxis
            tickFormatter={formatCompactNumber}
            tick={AXIS_TICK}
            tickLine={false}
            axisLine={false}
            width={48}
            allowDecimals={false}
          />
          <Tooltip
            cursor={{ fill: "currentColor", fillOpacity: 0.08 }}
            content={({ active, payload, label: day }) => (
              <ChartTooltip active={active} payload={payload} title={longDay(String(day))} />
            )}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} iconType="square" iconSize={10} />
          {series.keys.map((key, index) => (
            <Bar
              key={key}
              dataKey={key}
              stackId="credits"
              fill={seriesColor(index)}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
