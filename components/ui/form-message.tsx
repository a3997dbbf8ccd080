import type { ReactNode } from "react";
import { cn } from "./cn";

/** A form-level message (an action's error, or a notice). Announced when it appears. */
export function FormMessage({
  tone = "error",
  children,
  className,
}: {
  tone?: "error" | "info" | "success";
  children: ReactNode;
  className?: string;
}) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={cn(
        "rounded-md px-3 py-2.5 text-sm ring-1 ring-inset",
        tone === "error" &&
          "bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-400/30",
        tone === "info" &&
          "bg-slate-50 text-slate-700 ring-slate-600/15 dark:bg-slate-800/60 dark:text-slate-300 dark:ring-slate-400/20",
        tone === "success" &&
          "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/30",
        className,
      )}
    >
      {children}
    </div>
  );
}
