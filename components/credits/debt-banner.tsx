import Link from "next/link";
import { formatCredits } from "@/lib/format";
import { buttonClasses } from "@/components/ui/button";
import { buyCreditsHref } from "./buy-credits";

const BANNER =
  "mb-4 rounded-lg bg-red-50 px-4 py-3 ring-1 ring-red-600/20 ring-inset dark:bg-red-500/10 dark:ring-red-400/30";

/**
 * The workspace owes credits (a refund or lost dispute took back credits it had already spent):
 * said where it can't be missed, on the Credits card of the Overview and of Credits & Billing, with
 * the way out. Renders nothing while nothing is owed.
 */
export function DebtBanner({
  owed,
  slug,
  canPurchase,
}: {
  owed: number;
  slug: string;
  /** Owners and admins may buy credits; others are told whom to ask. */
  canPurchase: boolean;
}) {
  if (owed <= 0) return null;
  return (
    <section aria-labelledby="debt-banner-title" className={BANNER} data-testid="debt-banner">
      <h3 id="debt-banner-title" className="text-sm font-semibold text-red-900 dark:text-red-100">
        Spending is paused
      </h3>
      <p className="mt-1 text-sm text-red-800 dark:text-red-200">
        Your workspace owes {formatCredits(owed)} credits after a refund or a lost dispute took back credits
        that were already spent. Spending is paused until new credits pay them: the next purchase, auto top-up
        or plan renewal pays the debt first, the rest becomes spendable.{" "}
        {canPurchase ? "" : "Ask an owner or admin to buy credits."}
      </p>
      {canPurchase ? (
        <div className="mt-3">
          <Link href={buyCreditsHref(slug)} className={buttonClasses("primary")}>
            Buy credits
          </Link>
        </div>
      ) : null}
    </section>
  );
}

/** What a member sees while the workspace owes credits: that spending is paused, without amounts. */
export function SpendingPausedNotice() {
  return (
    <p
      role="status"
      className={`${BANNER} text-sm text-red-900 dark:text-red-100`}
      data-testid="spending-paused"
    >
      Spending in this workspace is paused until an owner or admin settles its credits. Generations that cost
      credits are refused until then.
    </p>
  );
}
