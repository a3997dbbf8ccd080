import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db";
import { listPurchases } from "@/db/queries/purchases";
import type { CreditPurchase } from "@/db/schema";
import { requirePageAccess } from "@/lib/auth/page-access";
import { formatCents } from "@/lib/billing/top-ups";
import { getClock } from "@/lib/clock";
import { formatCredits, formatTimeZoneName, formatTimestamp } from "@/lib/format";
import { isTestMode } from "@/lib/payments";
import { ForbiddenNotice } from "@/components/shell/forbidden-notice";
import { FormMessage } from "@/components/ui/form-message";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/shell/page-header";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { TestModeBanner } from "@/components/credits/test-mode-banner";
import { listTestModePlanInvoices } from "@/lib/payments/test-mode-invoices";
import { testModeInvoicePaymentIntentId } from "@/lib/payments/test-mode-reversals";
import { portalPaymentStates } from "@/lib/payments/test-portal";
import { PlanInvoices } from "./plan-invoices";
import { ReversalButtons } from "./reversal-buttons";

// Purchases change as they are paid: never prerender.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Billing portal (test mode)" };

const STATUS: Record<CreditPurchase["status"], { label: string; tone: BadgeTone }> = {
  paid: { label: "Paid", tone: "success" },
  pending: { label: "Open", tone: "accent" },
  failed: { label: "Failed", tone: "warning" },
  expired: { label: "Cancelled", tone: "neutral" },
};

const KIND_LABELS: Record<CreditPurchase["kind"], string> = {
  one_time: "Credit purchase",
  auto_top_up: "Auto top-up",
};

type Props = { params: Promise<{ slug: string }> };

/**
 * The test-mode stand-in for Stripe's customer portal: the workspace's purchases as invoices. With
 * Stripe configured, Manage billing opens Stripe's own portal instead.
 */
export default async function TestPortalPage({ params }: Props) {
  const { slug } = await params;
  const billingPath = `/w/${slug}/settings/billing`;
  const { allowed, access } = await requirePageAccess(slug, "credits:purchase", `${billingPath}/test-portal`);
  if (!allowed) {
    return <ForbiddenNotice slug={slug} title="Billing portal" role={access.role} />;
  }
  const back = (
    <Link href={billingPath} className={buttonClasses("secondary")}>
      ← Back to Credits &amp; Billing
    </Link>
  );
  if (!isTestMode()) {
    return (
      <>
        <PageHeader title="Billing portal" actions={back} />
        <FormMessage tone="info">
          This server takes payments through Stripe: use Manage billing on the Credits &amp; Billing page to
          open Stripe&apos;s customer portal.
        </FormMessage>
      </>
    );
  }

  const { workspace } = access;
  const [purchases, planInvoices, stateOf] = await Promise.all([
    listPurchases(getDb(), workspace.id, 100),
    listTestModePlanInvoices(getDb(), workspace),
    portalPaymentStates(getDb(), workspace.id),
  ]);
  const timeZoneName = formatTimeZoneName(workspace.timeZone, getClock().now());

  return (
    <>
      <PageHeader
        title="Billing portal"
        description={`Invoices for ${workspace.name}'s plan and credit purchases.`}
        actions={back}
      />
      <TestModeBanner>
        Stripe&apos;s customer portal would manage cards and invoices here; in test mode this page lists the
        workspace&apos;s plan invoices and purchases. Cards are managed under Payment methods on Billing.
        Refund, Open dispute, Win and Lose send the events Stripe would send for a refund in its dashboard or
        a cardholder&apos;s dispute, through the same webhook handling.
      </TestModeBanner>
      <PlanInvoices
        invoices={planInvoices.map((invoice) => ({
          ...invoice,
          state: stateOf({
            paymentIntentId: testModeInvoicePaymentIntentId(invoice.id),
            amountCents: invoice.amountCents,
          }),
        }))}
        workspaceId={workspace.id}
        timeZone={workspace.timeZone}
      />
      <Card aria-labelledby="invoices-heading" className="mt-6">
        <div className="px-6 py-4">
          <h2 id="invoices-heading" className="text-base font-semibold text-slate-900 dark:text-white">
            Credit purchases
          </h2>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            The latest 100, newest first. Times in {workspace.timeZone} ({timeZoneName}).
          </p>
        </div>
        {purchases.length === 0 ? (
          <div className="border-t border-slate-200 px-6 py-5 dark:border-slate-800">
            <EmptyState title="No purchases yet">
              Credits bought with Purchase Credits show up here as invoices.
            </EmptyState>
          </div>
        ) : (
          <div className="px-6">
            <Table aria-labelledby="invoices-heading">
              <TableHead>
                <tr>
                  {/* On a phone, date and credits fold under the description and the status
                      under the amount, so nothing sits off the right edge. */}
                  <Th className="hidden sm:table-cell">Date</Th>
                  <Th className="pr-3 sm:pr-6">Description</Th>
                  <Th className="hidden text-right sm:table-cell">Credits</Th>
                  <Th className="pl-3 text-right sm:px-6">Amount</Th>
                  <Th className="hidden sm:table-cell">Status</Th>
                  <Th className="text-right">
                    <span className="sr-only">Test mode actions</span>
                  </Th>
                </tr>
              </TableHead>
              <TableBody>
                {purchases.map((purchase) => {
                  const status = STATUS[purchase.status];
                  const badge = <Badge tone={status.tone}>{status.label}</Badge>;
                  const date = (
                    <time dateTime={purchase.createdAt.toISOString()} className="whitespace-nowrap">
                      {formatTimestamp(purchase.createdAt, workspace.timeZone)}
                    </time>
                  );
                  return (
                    <tr key={purchase.id} data-testid="invoice" data-status={purchase.status}>
                      <Td className="hidden text-slate-600 tabular-nums sm:table-cell dark:text-slate-400">
                        {date}
                      </Td>
                      <Td className="pr-3 whitespace-normal sm:pr-6">
                        <span className="font-medium text-slate-900 dark:text-white">
                          {KIND_LABELS[purchase.kind]}
                        </span>
                        <span className="block text-xs text-slate-600 sm:hidden dark:text-slate-400">
                          {formatCredits(purchase.credits)} credits · {date}
                        </span>
                        {purchase.failureMessage && purchase.status !== "paid" ? (
                          <span className="block text-xs text-slate-600 dark:text-slate-400">
                            {purchase.failureMessage}
                          </span>
                        ) : null}
                      </Td>
                      <Td className="hidden text-right tabular-nums sm:table-cell">
                        {formatCredits(purchase.credits)}
                      </Td>
                      <Td className="pl-3 text-right font-medium tabular-nums sm:px-6">
                        {formatCents(purchase.amountCents, purchase.currency)}
                        <span className="mt-1 block sm:hidden">{badge}</span>
                      </Td>
                      <Td className="hidden sm:table-cell">{badge}</Td>
                      <Td className="text-right">
                        {purchase.status === "paid" && purchase.paymentIntentId ? (
                          <ReversalButtons
                            workspaceId={workspace.id}
                            payment={{ purchaseId: purchase.id }}
                            label={`${formatCredits(purchase.credits)} credits`}
                            state={stateOf(purchase)}
                          />
                        ) : null}
                      </Td>
                    </tr>
                  );
                })}
              </TableBody>
            </Table>
          </div>
        )}
      </Card>
    </>
  );
}
