import { cn } from "@/components/ui/cn";

const TONES: Record<string, string> = {
  GET: "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/15 dark:text-emerald-300 dark:ring-emerald-400/30",
  POST: "bg-indigo-50 text-indigo-700 ring-indigo-600/20 dark:bg-indigo-500/15 dark:text-indigo-300 dark:ring-indigo-400/30",
  DELETE: "bg-red-50 text-red-700 ring-red-600/20 dark:bg-red-500/15 dark:text-red-300 dark:ring-red-400/30",
};

const NEUTRAL =
  "bg-slate-100 text-slate-700 ring-slate-600/15 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-400/20";

/** An HTTP method as a small coloured tag. */
export function MethodBadge({ method, className }: { method: string; className?: string }) {
  return (
    <span
      className={cn(
        "inline-flex shrink-0 items-center justify-center rounded px-1.5 py-0.5 font-mono text-[11px] font-semibold tracking-wide ring-1 ring-inset",
        TONES[method] ?? NEUTRAL,
        className,
      )}
    >
      {method}
    </span>
  );
}

/** A response status as a small tag: green for success, amber for the caller's errors, red for refusals. */
export function StatusBadge({ status }: { status: string }) {
  const code = Number(status);
  const tone =
    code < 300
      ? "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/15 dark:text-emerald-300 dark:ring-emerald-400/30"
      : code === 402
        ? "bg-red-50 text-red-700 ring-red-600/20 dark:bg-red-500/15 dark:text-red-300 dark:ring-red-400/30"
        : "bg-amber-50 text-amber-800 ring-amber-600/25 dark:bg-amber-500/15 dark:text-amber-300 dark:ring-amber-400/30";
  return (
    <span
      className={cn(
        "inline-flex w-11 shrink-0 items-center justify-center rounded px-1.5 py-0.5 font-mono text-xs font-semibold ring-1 ring-inset tabular-nums",
        tone,
      )}
    >
      {status}
    </span>
  );
}
