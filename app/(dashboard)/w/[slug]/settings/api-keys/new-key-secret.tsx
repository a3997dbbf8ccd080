"use client";

import { useEffect, useId, useRef, useState } from "react";
import { formatCredits } from "@/lib/format";
import { CodeBlock } from "@/components/api-docs/code-block";
import { curlCommand } from "@/components/api-docs/curl";
import { Code } from "@/components/api-docs/inline-text";
import { Input } from "@/components/ui/input";
import { buttonClasses } from "@/components/ui/button";
import type { UsageExample } from "./types";

type Props = {
  created: { name: string; prefix: string; key: string };
  example: UsageExample | null;
};

/** A new key's secret, shown this once, with a command that uses it straight away. */
export function NewKeySecret({ created, example }: Props) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<"idle" | "copied" | "manual">("idle");

  // The name form is gone; put focus on the secret so it can be copied at once.
  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error("clipboard unavailable");
      await navigator.clipboard.writeText(created.key);
      setCopyState("copied");
    } catch {
      // Clipboard access needs a secure context and permission; a selection can still be copied by hand.
      inputRef.current?.focus();
      inputRef.current?.select();
      setCopyState("manual");
    }
  }

  const body = example
    ? {
        // One key per generation; this one is unique to the new key, so the first run charges once.
        idempotencyKey: `first-call-${created.prefix}`,
        member: example.member,
        feature: example.feature,
        model: example.model,
        settings: example.settings,
        results: 1,
      }
    : null;

  return (
    <div className="space-y-5">
      <div
        role="note"
        className="rounded-md bg-amber-50 px-3 py-2.5 text-sm text-amber-900 ring-1 ring-amber-600/25 ring-inset dark:bg-amber-500/10 dark:text-amber-200 dark:ring-amber-400/30"
      >
        <p className="font-medium">Copy this key now. It won&apos;t be shown again.</p>
        <p className="mt-0.5">
          Creditpool keeps only a hash of it. If you lose it, revoke it and create a new one.
        </p>
      </div>

      <div>
        <label htmlFor={inputId} className="block text-sm font-medium text-slate-900 dark:text-white">
          Secret key for {created.name}
        </label>
        <div className="mt-1.5 flex gap-2">
          <Input
            ref={inputRef}
            id={inputId}
            readOnly
            value={created.key}
            onFocus={(event) => event.currentTarget.select()}
            className="font-mono text-xs"
            spellCheck={false}
            data-testid="api-key-secret"
          />
          <button type="button" onClick={copy} className={buttonClasses("secondary", "shrink-0")}>
            {copyState === "copied" ? "Copied" : "Copy"}
          </button>
        </div>
        <p className="mt-1.5 min-h-4 text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
          {copyState === "copied"
            ? "The key is on your clipboard."
            : copyState === "manual"
              ? "The key is selected: press Ctrl+C (⌘C on a Mac) to copy it."
              : null}
        </p>
      </div>

      {example && body ? (
        <div>
          <h3 className="text-sm font-medium text-slate-900 dark:text-white">Try it</h3>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            This charges {formatCredits(example.credits)} credits ({example.label}, 1 result) to{" "}
            {example.member}. Run it again and you get the first answer back with status <Code>200</Code> and
            no second charge, because the <Code>idempotencyKey</Code> is the same.
          </p>
          <CodeBlock
            className="mt-3"
            language="curl"
            label="curl example with the new key"
            testId="api-key-curl"
            code={curlCommand({
              method: "POST",
              url: `${example.origin}/api/v1/usage`,
              apiKey: created.key,
              body,
            })}
          />
        </div>
      ) : null}
    </div>
  );
}
