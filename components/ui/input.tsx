import type { ComponentProps } from "react";
import { cn } from "./cn";

/** The look of every text control (inputs and selects); aria-invalid turns the ring red. */
export const CONTROL_CLASS =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500 aria-invalid:ring-red-500 dark:bg-slate-900 dark:text-white dark:ring-slate-700 dark:placeholder:text-slate-500 dark:focus:ring-indigo-500 dark:disabled:bg-slate-800/60 dark:disabled:text-slate-400 dark:aria-invalid:ring-red-400";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return (
    <input
      className={cn(
        CONTROL_CLASS,
        "[&[readonly]]:bg-slate-50 [&[readonly]]:text-slate-600 dark:[&[readonly]]:bg-slate-800/60 dark:[&[readonly]]:text-slate-300",
        className,
      )}
      {...props}
    />
  );
}
