import Link from "next/link";
import { cn } from "@/components/ui/cn";

/** The product mark, linking home. `compact` shows only the icon on narrow screens. */
export function Brand({ className, compact = false }: { className?: string; compact?: boolean }) {
  return (
    <Link
      href="/"
      className={cn(
        "flex shrink-0 items-center gap-2 rounded-md font-semibold tracking-tight text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-white",
        className,
      )}
    >
      {/* eslint-disable-next-line @next/next/no-img-element -- a 20px local SVG needs no optimisation */}
      <img src="/icon.svg" alt="" width={20} height={20} />
      <span className={compact ? "sr-only sm:not-sr-only" : undefined}>Creditpool</span>
    </Link>
  );
}
