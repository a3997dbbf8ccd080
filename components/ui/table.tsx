import type { ComponentProps } from "react";
import { cn } from "./cn";
import { ScrollArea } from "./scroll-area";

/** A table that scrolls sideways on narrow screens instead of overflowing the page. */
export function Table({ className, ...props }: ComponentProps<"table">) {
  return (
    <ScrollArea className="-mx-6" label={props["aria-label"]} labelledBy={props["aria-labelledby"]}>
      <table className={cn("w-full border-collapse text-left text-sm", className)} {...props} />
    </ScrollArea>
  );
}

export function TableHead({ className, ...props }: ComponentProps<"thead">) {
  return (
    <thead
      className={cn(
        "border-y border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/60",
        className,
      )}
      {...props}
    />
  );
}

export function TableBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={cn("divide-y divide-slate-100 dark:divide-slate-800", className)} {...props} />;
}

/** A header cell: a column header by default, or a row header with scope="row". */
export function Th({ className, scope = "col", ...props }: ComponentProps<"th">) {
  return (
    <th
      scope={scope}
      className={cn(
        scope === "row"
          ? "px-6 py-3 text-left align-middle font-normal"
          : "px-6 py-2.5 text-xs font-medium tracking-wide whitespace-nowrap text-slate-600 uppercase dark:text-slate-400",
        className,
      )}
      {...props}
    />
  );
}

export function Td({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("px-6 py-3 align-middle whitespace-nowrap", className)} {...props} />;
}
