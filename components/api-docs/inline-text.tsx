import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export const INLINE_CODE =
  "rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800 dark:bg-slate-800 dark:text-slate-200";

/** `code`, for names, values and headers in running text. */
export function Code({ children, className }: { children: ReactNode; className?: string }) {
  return <code className={cn(INLINE_CODE, className)}>{children}</code>;
}

/** Text from the OpenAPI document, with its `backtick` spans shown as code. */
export function InlineText({ text }: { text: string }) {
  const parts = text.split("`");
  return (
    <>
      {parts.map((part, index) =>
        // Odd parts sat between backticks.
        index % 2 === 1 ? <Code key={index}>{part}</Code> : part,
      )}
    </>
  );
}
