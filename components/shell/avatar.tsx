import { cn } from "@/components/ui/cn";

/** "Olivia Owens" -> "OO", "acme" -> "A". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words.at(-1)] : [words[0]];
  return (
    letters
      .map((word) => (word ? Array.from(word)[0] : ""))
      .join("")
      .toUpperCase() || "?"
  );
}

/** A square (workspace) or round (person) tile with initials. Decorative: say the name beside it. */
export function Avatar({
  name,
  shape = "round",
  className,
}: {
  name: string;
  shape?: "round" | "square";
  className?: string;
}) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        "inline-flex size-7 shrink-0 items-center justify-center text-[11px] font-semibold select-none",
        shape === "round"
          ? "rounded-full bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200"
          : "rounded-md bg-indigo-600 text-white dark:bg-indigo-500",
        className,
      )}
    >
      {initials(name)}
    </span>
  );
}
