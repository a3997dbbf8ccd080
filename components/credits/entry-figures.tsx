import { formatCredits, formatSignedCredits } from "@/lib/format";
import { cn } from "@/components/ui/cn";
import { Td } from "@/components/ui/table";

// Written out whole so Tailwind finds every class: from `wide` (the window's sm, or the card's @2xl)
// the two figures get their full padding.
const PADDING = {
  sm: { amount: "px-3 sm:px-6", balance: "pl-3 sm:pl-6" },
  "@2xl": { amount: "px-3 @2xl:px-6", balance: "pl-3 @2xl:pl-6" },
} as const;

/** A ledger entry's amount (signed; credits that came in, in green) and the balance after it: two cells. */
export function EntryFigureCells({
  amount,
  balanceAfter,
  wide,
}: {
  amount: number;
  balanceAfter: number;
  wide: keyof typeof PADDING;
}) {
  return (
    <>
      <Td
        className={cn(
          "text-right font-medium tabular-nums",
          PADDING[wide].amount,
          amount > 0 ? "text-emerald-700 dark:text-emerald-400" : "text-slate-900 dark:text-slate-100",
        )}
        data-testid="transaction-amount"
      >
        {formatSignedCredits(amount)}
      </Td>
      <Td
        className={cn("text-right text-slate-700 tabular-nums dark:text-slate-300", PADDING[wide].balance)}
        data-testid="transaction-balance"
      >
        {formatCredits(balanceAfter)}
      </Td>
    </>
  );
}
