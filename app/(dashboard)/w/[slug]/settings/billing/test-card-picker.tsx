"use client";

import { TEST_PAYMENT_METHODS, type TestPaymentMethod } from "@/lib/payments/test-cards";

type Props = {
  legend: string;
  isPending: boolean;
  onPick: (id: TestPaymentMethod["id"]) => void;
  cancelLabel: string;
  onCancel: () => void;
  className?: string;
};

/** Test mode's stand-in for Stripe Elements: the test cards to keep on file, each behaving like Stripe's. */
export function TestCardPicker({ legend, isPending, onPick, cancelLabel, onCancel, className }: Props) {
  return (
    <fieldset className={className} disabled={isPending}>
      <legend className="flex items-center gap-2 text-xs font-semibold tracking-wide text-amber-800 uppercase dark:text-amber-200">
        <span className="rounded border border-dashed border-amber-500 px-1.5 py-0.5">Test mode</span>
        {legend}
      </legend>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        Stripe is not configured, so no real card is charged. Each test card behaves like Stripe&apos;s.
      </p>
      <ul className="mt-3 grid gap-2">
        {TEST_PAYMENT_METHODS.map((method) => (
          <li key={method.id}>
            <button
              type="button"
              onClick={() => onPick(method.id)}
              className="flex w-full items-center justify-between gap-3 rounded-md px-3 py-2 text-left text-sm ring-1 ring-slate-200 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:ring-slate-700 dark:hover:bg-slate-800/60"
            >
              <span className="font-medium text-slate-900 tabular-nums dark:text-white">
                Visa •••• {method.last4}
              </span>
              <span className="text-slate-600 dark:text-slate-400">{method.label}</span>
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="mt-3 text-sm font-medium text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"
        onClick={onCancel}
      >
        {cancelLabel}
      </button>
    </fieldset>
  );
}
