import type { ReactNode } from "react";
import {
  describePriceTiers,
  formatCents,
  formatListRate,
  savingPercent,
  type Quote,
} from "@/lib/billing/top-ups";
import { formatCredits } from "@/lib/format";
import { LINK_CLASS } from "@/components/ui/text-link";

/** "Save $12.50 (5%) on the list price of $250.00": the percentage only when it is a whole one or more. */
function savingText(quote: Quote): string {
  const percent = savingPercent(quote.savingCents, quote.listPriceCents);
  const share = percent >= 1 ? ` (${percent}%)` : "";
  return `Save ${formatCents(quote.savingCents)}${share} on the list price of ${formatCents(quote.listPriceCents)}.`;
}

type Props = {
  label: ReactNode;
  quote: Quote | null;
  /** The test id of the price; its saving line gets `<testId>-saving`. */
  testId: string;
  /** Offered when a larger amount costs the same: switches the amount to it. */
  onTakeMore?: (credits: number) => void;
  children?: ReactNode;
};

/**
 * The exact price of a top-up as the Purchase Credits and Auto Top Up dialogs show it before anyone
 * pays: the amount charged, what volume pricing saves against list price, and the larger amount that
 * would cost the same when there is one. Announced politely as it changes.
 */
export function TopUpPrice({ label, quote, testId, onTakeMore, children }: Props) {
  return (
    <div className="rounded-lg bg-slate-50 px-4 py-3 dark:bg-slate-800/60" aria-live="polite">
      <div className="flex items-baseline justify-between gap-4">
        <span className="text-sm text-slate-600 dark:text-slate-400">{label}</span>
        <span
          className="text-lg font-semibold text-slate-900 tabular-nums dark:text-white"
          data-testid={testId}
        >
          {quote ? formatCents(quote.priceCents) : "—"}
        </span>
      </div>
      {quote ? (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400" data-testid={`${testId}-saving`}>
          {quote.savingCents > 0 ? savingText(quote) : `List price: ${formatListRate()} a credit.`} Volume
          pricing: {describePriceTiers()}.
        </p>
      ) : null}
      {quote?.sameForMore ? (
        <p
          className="mt-1 text-xs text-slate-700 dark:text-slate-300"
          data-testid={`${testId}-same-for-more`}
        >
          {formatCredits(quote.sameForMore)} credits cost the same.
          {onTakeMore ? (
            <>
              {" "}
              <button
                type="button"
                className={LINK_CLASS}
                onClick={() => onTakeMore(quote.sameForMore ?? quote.credits)}
              >
                Buy {formatCredits(quote.sameForMore)} instead
              </button>
            </>
          ) : null}
        </p>
      ) : null}
      {children}
    </div>
  );
}
