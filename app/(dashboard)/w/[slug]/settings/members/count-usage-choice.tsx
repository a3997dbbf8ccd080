"use client";

import { cn } from "@/components/ui/cn";
import { formatCredits } from "@/lib/format";
import type { CountUsage } from "@/lib/validation/access";

type Props = {
  name: string;
  /** Credits already used this month (by the member, or by all the selected members together). */
  usedThisMonth: number;
  /** "their" for one member, "each member's" for a selection. */
  whose: string;
  value: CountUsage;
  onChange: (value: CountUsage) => void;
};

const OPTION_CLASS =
  "flex cursor-pointer items-start gap-3 rounded-lg px-3.5 py-3 ring-1 ring-inset has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600";

/**
 * Setting a limit mid-month: does what was used so far count against it (the default), or does the
 * limit start from now? Shown only when something was used this month.
 */
export function CountUsageChoice({ name, usedThisMonth, whose, value, onChange }: Props) {
  const options: { value: CountUsage; title: string; detail: string }[] = [
    {
      value: "month",
      title: `Count this month's usage (${formatCredits(usedThisMonth)} credits) against the new limit`,
      detail: `The limit covers the whole month: ${whose} usage so far is part of it.`,
    },
    {
      value: "now",
      title: "Start counting from now",
      detail: `Usage before today's change doesn't count; ${whose} full limit is available for the rest of the month.`,
    },
  ];
  return (
    <fieldset className="space-y-2" data-testid="count-usage-choice">
      <legend className="text-sm font-semibold text-slate-900 dark:text-white">
        Usage so far this month
      </legend>
      {options.map((option) => (
        <label
          key={option.value}
          className={cn(
            OPTION_CLASS,
            value === option.value
              ? "bg-indigo-50/70 ring-indigo-600 dark:bg-indigo-500/10 dark:ring-indigo-400"
              : "ring-slate-200 hover:bg-slate-50 dark:ring-slate-700 dark:hover:bg-slate-800/60",
          )}
        >
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
            className="mt-0.5 size-4 accent-indigo-600"
          />
          <span className="min-w-0 flex-1">
            <span className="block text-sm font-medium text-slate-900 dark:text-white">{option.title}</span>
            <span className="block text-xs text-slate-600 dark:text-slate-400">{option.detail}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
