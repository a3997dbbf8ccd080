"use client";

import { useRef } from "react";
import { cn } from "@/components/ui/cn";
import { useCopy } from "@/components/ui/copy-field";

type Props = {
  code: string;
  /** What the block holds, for the Copy button's accessible name ("Copy curl example"). */
  label: string;
  /** Shown in the block's top bar, e.g. "curl" or "JSON". */
  language?: string;
  className?: string;
  testId?: string;
  /** Wrap long lines (prose-like JSON) instead of scrolling sideways (commands). */
  wrap?: boolean;
};

/** A dark code block with a Copy button. Falls back to selecting the text when the clipboard is unavailable. */
export function CodeBlock({ code, label, language, className, testId, wrap = false }: Props) {
  const codeRef = useRef<HTMLElement>(null);
  const { copyState: state, copy } = useCopy(
    code,
    () => {
      const node = codeRef.current;
      const selection = window.getSelection();
      if (node && selection) {
        const range = document.createRange();
        range.selectNodeContents(node);
        selection.removeAllRanges();
        selection.addRange(range);
      }
    },
    2_500,
  );

  return (
    <div
      className={cn(
        "overflow-hidden rounded-lg bg-slate-900 ring-1 ring-slate-900/10 dark:bg-slate-950 dark:ring-slate-700/60",
        className,
      )}
    >
      <div className="flex items-center justify-between gap-3 border-b border-white/10 py-1.5 pr-1.5 pl-4">
        <span className="text-xs font-medium text-slate-400">{language ?? ""}</span>
        <button
          type="button"
          onClick={copy}
          aria-label={`Copy ${label}`}
          className="rounded-md px-2 py-1 text-xs font-medium text-slate-300 transition-colors hover:bg-white/10 hover:text-white focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-400"
        >
          {state === "copied" ? "Copied" : state === "manual" ? "Press Ctrl+C" : "Copy"}
        </button>
      </div>
      <pre
        className={cn(
          "overflow-x-auto px-4 py-3 text-[13px] leading-relaxed text-slate-100",
          wrap && "break-words whitespace-pre-wrap",
        )}
      >
        <code ref={codeRef} data-testid={testId}>
          {code}
        </code>
      </pre>
      <p className="sr-only" aria-live="polite">
        {state === "copied"
          ? `Copied the ${label}.`
          : state === "manual"
            ? "Selected: press Ctrl+C (⌘C on a Mac) to copy."
            : ""}
      </p>
    </div>
  );
}
