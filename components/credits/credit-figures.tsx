import type { Balance } from "@/lib/ledger/index";
import { formatCents, formatListRate, listValueCents } from "@/lib/billing/top-ups";
import { formatCredits } from "@/lib/format";
import { cn } from "@/components/ui/cn";
import { Stat } from "@/components/ui/stat";

/** A number of credits as a figure: the number, with "credits" for screen readers. */
export function Credits({ value }: { value: number }) {
  return (
    <>
      {formatCredits(value)}
      <span className="sr-only"> credits</span>
    </>
  );
}

/**
 * A balance in USD, as the docs' "available credits in USD": what those credits cost at list price (one
 * credit is one cent, from the one price table), rounded down to the cent. Its own line under Current
 * balance, in a hint or in a wrapping flex row.
 */
export function BalanceInUsd({ credits }: { credits: number }) {
  return (
    <span className="block basis-full" data-testid="current-balance-usd">
      {/* Read on from the text before it as its own phrase, though it starts a new line. */}{" "}
      <span className="font-semibold text-slate-900 tabular-nums dark:text-white">
        {formatCents(listValueCents(credits))}
      </span>{" "}
      in USD at list price ({formatListRate()} a credit; bigger purchases cost less)
    </span>
  );
}

type Figure = "lifetimeAdded" | "lifetimeSpent" | "held" | "lifetimeExpired";

const FIGURES: Record<Figure, { label: string; hint?: string; testId: string }> = {
  lifetimeAdded: { label: "Lifetime added", testId: "lifetime-added" },
  lifetimeSpent: { label: "Lifetime spent", testId: "lifetime-spent" },
  held: { label: "Held", hint: "reserved for generations in progress", testId: "held" },
  lifetimeExpired: { label: "Expired", hint: "unused credits that ran out", testId: "lifetime-expired" },
};

/** Held and expired credits are shown only while there are any. */
const SHOWN_WHEN_ANY: readonly Figure[] = ["held", "lifetimeExpired"];

/**
 * The balance's other figures under Current balance, in the order given: lifetime added and spent,
 * and held and expired credits when there are any (with what they mean, when `withHints`).
 */
export function BalanceFigures({
  balance,
  figures,
  withHints = false,
  className,
}: {
  balance: Pick<Balance, Figure>;
  figures: readonly Figure[];
  withHints?: boolean;
  className?: string;
}) {
  return (
    <dl
      className={cn(
        "mt-6 grid grid-cols-2 gap-x-6 gap-y-5 border-t border-slate-100 pt-5 dark:border-slate-800",
        className,
      )}
    >
      {figures.map((figure) => {
        if (SHOWN_WHEN_ANY.includes(figure) && balance[figure] <= 0) return null;
        const { label, hint, testId } = FIGURES[figure];
        return (
          <Stat
            key={figure}
            label={label}
            value={<Credits value={balance[figure]} />}
            hint={withHints ? hint : undefined}
            valueTestId={testId}
          />
        );
      })}
    </dl>
  );
}
