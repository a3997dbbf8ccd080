"use client";

import { formatCredits } from "@/lib/format";
import { CodeBlock } from "@/components/api-docs/code-block";
import { curlCommand } from "@/components/api-docs/curl";
import { Code } from "@/components/api-docs/inline-text";
import { CopyField } from "@/components/ui/copy-field";
import type { UsageExample } from "./types";

type Props = {
  created: { name: string; prefix: string; key: string };
  example: UsageExample | null;
};

/** A new key's secret, shown this once, with a command that uses it straight away. */
export function NewKeySecret({ created, example }: Props) {
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

      <CopyField
        label={`Secret key for ${created.name}`}
        value={created.key}
        noun="key"
        testId="api-key-secret"
        spellCheck={false}
        messageClassName="min-h-4"
      />

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
