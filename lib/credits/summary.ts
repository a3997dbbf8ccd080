import "server-only";
import { listOpenCheckouts } from "@/db/queries/purchase-requests";
import { countPendingPurchasesSince } from "@/db/queries/purchases";
import { CHECKOUT_LIFETIME_MS } from "@/lib/payments/reconcile";
import type { Workspace } from "@/db/schema";
import { getPlan, lowBalanceThreshold } from "@/lib/billing/plans";
import { getBalance, listTransactions, readDebt, type Balance, type Transaction } from "@/lib/ledger";
import { getAutoTopUpStatus, type AutoTopUpStatus } from "./auto-top-up-status";
import { getCreditForecast, type CreditForecast } from "@/lib/analytics/credit-forecast";
import type { Deps } from "@/lib/deps";

export const RECENT_TRANSACTIONS = 5;

export type CreditsSummary = {
  balance: Balance;
  threshold: number;
  isLow: boolean;
  recent: Transaction[];
  plan: { id: string; name: string; subscriptionStatus: string };
  /** When the current subscription credits expire (the next grant), and how many will expire then. */
  renewal: { at: string; expiringCredits: number } | null;
  /** Purchases started in the last 15 minutes that are still waiting for payment. */
  pendingPurchases: number;
  /** Checkouts still open (started within a checkout's lifetime, not paid): resume or cancel them. */
  openCheckouts: OpenCheckout[];
  autoTopUp: AutoTopUpStatus;
  /** Days until the balance runs out, subscription credits likely to expire unused, auto top-ups. */
  forecast: CreditForecast;
  /** Credits owed after a refund or lost dispute (spending is paused while > 0), and held for open disputes. */
  debt: { owed: number; disputed: number };
};

export type OpenCheckout = {
  id: string;
  credits: number;
  amountCents: number;
  currency: string;
  createdAt: string;
  /** Why the last card tried in it was declined, if one was. */
  lastDecline: string | null;
};

/** Everything the Credits card shows, read as of the clock's now. */
export async function getCreditsSummary(ctx: Deps, workspace: Workspace): Promise<CreditsSummary> {
  const now = ctx.clock.now();
  const [balance, page, pending, autoTopUp, open, debt] = await Promise.all([
    getBalance(ctx, workspace.id),
    listTransactions(ctx.db, workspace.id, { limit: RECENT_TRANSACTIONS }),
    countPendingPurchasesSince(ctx.db, workspace.id, new Date(now.getTime() - 15 * 60_000)),
    getAutoTopUpStatus({ db: ctx.db, now }, workspace),
    listOpenCheckouts(ctx.db, workspace.id, new Date(now.getTime() - CHECKOUT_LIFETIME_MS)),
    readDebt(ctx.db, workspace.id),
  ]);
  if (!balance) throw new Error(`workspace ${workspace.id} has no credit account`);
  // While auto top-up is on, its threshold is the one that counts as low.
  const threshold = autoTopUp.isEnabled ? autoTopUp.threshold : lowBalanceThreshold(workspace);
  const forecast = await getCreditForecast(
    ctx.db,
    workspace,
    balance,
    now,
    autoTopUp.isEnabled ? autoTopUp.credits : null,
  );
  const plan = getPlan(workspace.plan);
  const subscription = balance.byType.subscription;
  return {
    balance,
    threshold,
    isLow: balance.total <= threshold,
    recent: page.items,
    plan: { id: plan.id, name: plan.name, subscriptionStatus: workspace.subscriptionStatus },
    renewal: subscription.nextExpiry
      ? { at: subscription.nextExpiry, expiringCredits: subscription.amount }
      : null,
    pendingPurchases: pending,
    openCheckouts: open.map((purchase) => ({
      id: purchase.id,
      credits: purchase.credits,
      amountCents: purchase.amountCents,
      currency: purchase.currency,
      createdAt: purchase.createdAt.toISOString(),
      lastDecline: purchase.failureCode === "checkout_cancelled" ? null : purchase.failureMessage,
    })),
    autoTopUp,
    forecast,
    debt,
  };
}
