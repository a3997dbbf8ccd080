import type { ReactNode } from "react";
import { cn } from "./cn";

/** A quiet box that says why there is nothing to show and, if there is one, what to do next. */
export function EmptyState({
  title,
  children,
  className,
}: {
  title: string;
  children?: ReactNode;
  className?: string;
}) {
  return (
    <div
      className={cn(
        "rounded-lg border border-dashed border-slate-300 px-6 py-8 text-center dark:border-slate-700",
        className,
      )}
    >
      <p className="text-sm font-medium text-slate-900 dark:text-white">{title}</p>
      {children ? <div className="mt-1 text-sm text-slate-600 dark:text-slate-400">{children}</div> : null}
    </div>
  );
}
