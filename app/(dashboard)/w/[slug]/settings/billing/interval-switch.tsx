"use client";

import { useId } from "react";
import type { BillingInterval } from "@/db/schema/workspaces";
import { cn } from "@/components/ui/cn";
import { INTERVALS, INTERVAL_LABELS, bestDiscountPercent } from "@/components/plans/plan-format";

/**
 * The billing period: monthly, quarterly or annual. Native radio buttons (arrow keys move between
 * them) drawn as a segmented control; longer periods say how much they save.
 */
export function IntervalSwitch({
  value,
  onChange,
  label = "Billing period",
}: {
  value: BillingInterval;
  onChange: (interval: BillingInterval) => void;
  label?: string;
}) {
  const name = useId();
  return (
    <fieldset>
      <legend className="sr-only">{label}</legend>
      <div className="inline-flex flex-wrap gap-1 rounded-lg bg-slate-100 p-1 dark:bg-slate-800">
        {INTERVALS.map((interval) => {
          const discount = bestDiscountPercent(interval);
          const checked = value === interval;
          return (
            <label
              key={interval}
              className={cn(
                "relative flex cursor-pointer items-center gap-2 rounded-md px-3 py-1.5 text-sm font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-600",
                checked
                  ? "bg-white text-slate-900 shadow-sm dark:bg-slate-950 dark:text-white"
                  : "text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white",
              )}
            >
              <input
                type="radio"
                name={name}
                value={interval}
                checked={checked}
                onChange={() => onChange(interval)}
                className="sr-only"
              />
              {INTERVAL_LABELS[interval]}
              {discount > 0 ? (
                <span className="rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-300">
                  save up to {discount}%
                </span>
              ) : null}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
