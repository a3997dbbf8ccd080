import type { Balance } from "@/lib/ledger";
import type { LotType } from "@/db/schema";
import { formatCredits, formatDate } from "@/lib/format";
import { LOT_TYPE_LABELS } from "./labels";

// Listed in the order credits are used: the ones that expire soonest go first.
const ORDER: LotType[] = ["free", "subscription", "top_up", "adjustment"];

const SWATCHES: Record<LotType, string> = {
  free: "bg-sky-400",
  subscription: "bg-indigo-500",
  top_up: "bg-emerald-500",
  adjustment: "bg-slate-400",
};

function expiryText(type: LotType, amount: number, nextExpiry: string | null, timeZone: string) {
  if (amount === 0) return "None available";
  if (nextExpiry) return `Next expiry ${formatDate(nextExpiry, timeZone)}`;
  return type === "top_up" ? "Never expires" : "No expiry";
}

/** The balance split by credit type, with a proportional bar. */
export function BalanceBreakdown({ balance, timeZone }: { balance: Balance; timeZone: string }) {
  // Adjustments are rare; only list them when there are some.
  const types = ORDER.filter((type) => type !== "adjustment" || balance.byType.adjustment.amount > 0);
  return (
    <div>
      <h4 className="mb-3 text-sm font-medium text-slate-600 dark:text-slate-400">Balance by credit type</h4>
      {balance.total > 0 ? (
        <div
          className="flex h-2 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800"
          aria-hidden="true"
        >
          {types.map((type) => {
            const amount = balance.byType[type].amount;
            if (amount === 0) return null;
            return (
              <div
                key={type}
                className={SWATCHES[type]}
                style={{ width: `${(amount / balance.total) * 100}%` }}
              />
            );
          })}
        </div>
      ) : null}
      <dl className="mt-4 divide-y divide-slate-100 dark:divide-slate-800">
        {types.map((type) => {
          const { amount, nextExpiry } = balance.byType[type];
          return (
            <div key={type} className="grid grid-cols-[1fr_auto] items-baseline gap-x-4 py-2 text-sm">
              <dt className="flex items-center gap-2 font-medium text-slate-700 dark:text-slate-300">
                <span className={`size-2 rounded-full ${SWATCHES[type]}`} aria-hidden="true" />
                {LOT_TYPE_LABELS[type]}
              </dt>
              <dd className="text-right font-medium text-slate-900 tabular-nums dark:text-white">
                {formatCredits(amount)}
              </dd>
              <dd className="col-span-2 pl-4 text-xs text-slate-600 dark:text-slate-400">
                {expiryText(type, amount, nextExpiry, timeZone)}
              </dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}
