import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/** The plain marker that no real payment happens here (Stripe is not configured). */
export function TestModeNote({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <div
      role="note"
      aria-label="Test mode"
      data-testid="test-mode-note"
      className={cn(
        "rounded-lg border border-dashed border-amber-400 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-500/60 dark:bg-amber-500/10 dark:text-amber-100",
        className,
      )}
    >
      <p className="text-xs font-bold tracking-wide uppercase">Test mode</p>
      <p className="mt-0.5">{children}</p>
    </div>
  );
}
