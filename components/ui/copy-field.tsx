"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { buttonClasses } from "./button";
import { cn } from "./cn";
import { Input } from "./input";

type CopyState = "idle" | "copied" | "manual";

/**
 * Copies `text` to the clipboard. Where the clipboard is out of reach (it needs a secure context and
 * permission) it calls `select` instead, so the text can be copied by hand: copyState says which.
 * With `resetAfterMs` the state goes back to idle after that long.
 */
export function useCopy(text: string, select: () => void, resetAfterMs?: number) {
  const [copyState, setCopyState] = useState<CopyState>("idle");
  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error("clipboard unavailable");
      await navigator.clipboard.writeText(text);
      setCopyState("copied");
    } catch {
      select();
      setCopyState("manual");
    }
    if (resetAfterMs !== undefined) window.setTimeout(() => setCopyState("idle"), resetAfterMs);
  }
  return { copyState, copy };
}

type Props = {
  label: ReactNode;
  value: string;
  /** What the value is, in the messages ("The key is on your clipboard."). */
  noun: string;
  testId: string;
  spellCheck?: boolean;
  /** Classes for the message under the field. */
  messageClassName?: string;
};

/**
 * A value shown once to be copied (a new secret, an invite link): read-only, focused when it
 * appears, with a Copy button that falls back to selecting it where the clipboard is out of reach.
 */
export function CopyField({ label, value, noun, testId, spellCheck, messageClassName }: Props) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const { copyState, copy } = useCopy(value, () => {
    inputRef.current?.focus();
    inputRef.current?.select();
  });

  // The form that made it is gone; put focus on the value so it can be copied straight away.
  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  return (
    <div>
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-900 dark:text-white">
        {label}
      </label>
      <div className="mt-1.5 flex gap-2">
        <Input
          ref={inputRef}
          id={inputId}
          readOnly
          value={value}
          onFocus={(event) => event.currentTarget.select()}
          className="font-mono text-xs"
          spellCheck={spellCheck}
          data-testid={testId}
        />
        <button type="button" onClick={copy} className={buttonClasses("secondary", "shrink-0")}>
          {copyState === "copied" ? "Copied" : "Copy"}
        </button>
      </div>
      <p
        className={cn("mt-1.5 text-xs text-slate-600 dark:text-slate-400", messageClassName)}
        aria-live="polite"
      >
        {copyState === "copied"
          ? `The ${noun} is on your clipboard.`
          : copyState === "manual"
            ? `The ${noun} is selected: press Ctrl+C (⌘C on a Mac) to copy it.`
            : null}
      </p>
    </div>
  );
}
