// The test-mode stand-in's plan invoices: what Stripe would have billed the subscription, one invoice
// at the start of each term (monthly, quarterly or annual), read from the subscription grants the
// ledger holds (each term's first monthly grant marks its start). Mid-term upgrades are not billed
// here: Stripe would prorate them, which the stand-in does not simulate.
import "server-only";
import type { Database } from "@/db";
import type { BillingInterval, Workspace } from "@/db/schema";
import { PLANS, type PlanId } from "@/lib/billing/plans";
import { grantIndexAt } from "@/lib/billing/schedule";
import { listTransactions } from "@/lib/ledger";

const MONTHS: Record<BillingInterval, number> = { month: 1, quarter: 3, year: 12 };

export type PlanInvoice = {
  id: string;
  at: Date;
  planName: string;
  interval: BillingInterval;
  amountCents: number;
};

/** A plan invoice's id in test mode: the grant entry that opened its term. */
export function testModeInvoiceId(grantEntryId: number): string {
  return `in_test_local_${grantEntryId}`;
}

/** The grant entry a test-mode invoice id names (null: not one). */
export function grantEntryOfTestModeInvoice(invoiceId: string): number | null {
  const match = /^in_test_local_(\d{1,15})$/.exec(invoiceId);
  return match?.[1] ? Number(match[1]) : null;
}

/** The plan and period start of a monthly subscription grant ("<plan>:<period start>"); null for others (upgrades). */
export function monthlyGrantOf(reference: string | null): { planId: PlanId; start: Date } | null {
  const match = /^([a-z]+):(\d{4}-\d{2}-\d{2}T[\d:.]+Z)$/.exec(reference ?? "");
  if (!match?.[1] || !match[2] || !(match[1] in PLANS)) return null;
  return { planId: match[1] as PlanId, start: new Date(match[2]) };
}

/** The subscription's invoices, newest first (the latest 200 monthly grants' worth). */
export async function listTestModePlanInvoices(
  db: Database,
  workspace: Pick<Workspace, "id" | "billingAnchorAt" | "billingInterval" | "timeZone">,
): Promise<PlanInvoice[]> {
  const { billingAnchorAt: anchor, billingInterval: interval } = workspace;
  if (!anchor || !interval) return [];
  const page = await listTransactions(db, workspace.id, {
    limit: 200,
    filter: { codes: ["grant_subscription"] },
  });
  const invoices: PlanInvoice[] = [];
  for (const entry of page.items) {
    // Monthly grants are referenced "<plan>:<period start>"; upgrade grants "upgrade:<from>-><to>".
    const grant = monthlyGrantOf(entry.reference);
    if (!grant) continue;
    const { start } = grant;
    const plan = PLANS[grant.planId];
    if (grantIndexAt(anchor, workspace.timeZone, start) % MONTHS[interval] !== 0) continue;
    invoices.push({
      id: testModeInvoiceId(entry.id),
      at: start,
      planName: plan.name,
      interval,
      amountCents: plan.monthlyPriceCents[interval] * MONTHS[interval],
    });
  }
  return invoices;
}
