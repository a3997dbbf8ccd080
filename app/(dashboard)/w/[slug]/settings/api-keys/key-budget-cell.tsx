import { formatCredits } from "@/lib/format";
import type { ApiKeyView } from "./types";

/**
 * A key's month: "120 of 1,000 credits" against its cap (or "120 credits · no cap"), and what it may
 * spend on when that is not everything. Over the cap it says so in words, never as a share above 100%.
 */
export function KeyBudgetCell({ budget }: { budget: ApiKeyView["budget"] }) {
  const { monthlyCreditCap: cap, usedThisMonth: used, allowedModels } = budget;
  return (
    <>
      <span className="block text-slate-900 tabular-nums dark:text-white" data-testid="api-key-usage">
        {cap === null
          ? `${formatCredits(used)} credits · no cap`
          : `${formatCredits(used)} of ${formatCredits(cap)} credits`}
      </span>
      {cap !== null && used >= cap ? (
        <span className="block text-xs text-red-700 dark:text-red-300">
          {used > cap ? "Over the cap, which was set after that was used" : "Cap reached"}: spends refused
          until the month ends
        </span>
      ) : null}
      <span className="block text-xs" data-testid="api-key-allowed">
        {allowedModels === null ? "Any feature or model" : `Only ${allowedModels.join(", ")}`}
      </span>
    </>
  );
}
