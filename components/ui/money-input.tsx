import type { ComponentProps } from "react";
import { cn } from "./cn";
import { Input } from "./input";

/** A text control for an amount in US dollars, with the "$" shown inside it. */
export function MoneyInput({ className, ...props }: ComponentProps<"input">) {
  return (
    <div className="relative">
      <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-sm text-slate-500 dark:text-slate-400">
        $
      </span>
      <Input inputMode="decimal" autoComplete="off" {...props} className={cn("pl-7", className)} />
    </div>
  );
}
