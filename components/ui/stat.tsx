import type { ReactNode } from "react";
import { cn } from "./cn";

type StatProps = {
  label: ReactNode;
  value: ReactNode;
  /** Smaller text under the value. */
  hint?: ReactNode;
  size?: "md" | "lg";
  className?: string;
  /** Lets tests read the figure without depending on layout. */
  valueTestId?: string;
};

/** One labelled figure. Place inside a <dl>. */
export function Stat({ label, value, hint, size = "md", className, valueTestId }: StatProps) {
  return (
    <div className={cn("min-w-0", className)}>
      <dt className="text-sm font-medium text-slate-600 dark:text-slate-400">{label}</dt>
      <dd
        className={cn(
          "mt-1 font-semibold tracking-tight text-slate-900 tabular-nums dark:text-white",
          size === "lg" ? "text-4xl" : "text-xl",
        )}
        data-testid={valueTestId}
      >
        {value}
      </dd>
      {hint ? <dd className="mt-1 text-sm text-slate-600 dark:text-slate-400">{hint}</dd> : null}
    </div>
  );
}
