import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { listPurchases } from "@/db/queries/purchases";
import type { CreditPurchase } from "@/db/schema";
import { requirePageAccess } from "@/lib/auth/page-access";
import { formatCents } from "@/lib/billing/top-ups";
import { getClock } from "@/lib/clock";
import { formatCredits, formatTimeZoneName } from "@/lib/format";
import { isTestMode } from "@/lib/payments";
import { ForbiddenNotice } from "@/components/forbidden-notice";
import { FormMessage, buttonClasses } from "@/components/shell/controls";
import { PageHeader } from "@/components/shell/page-header";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { TestModeBanner } from "../test-mode-banner";

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
      ← Back to Billing
    </Link>
  );
  if (!isTestMode()) {
    return (
      <>
        <PageHeader title="Billing portal" actions={back} />
        <FormMessage tone="info">
          This server takes payments through Stripe: use Manage billing on the Billing page to open
          Stripe&apos;s customer portal.
        </FormMessage>
      </>
    );
  }

  const { workspace } = access;
  const purchases = await listPurchases(getDb(), workspace.id, 100);
  const timeZoneName = formatTimeZoneName(workspace.timeZone, getClock().now());
  const when = new Intl.DateTimeFormat("en-US", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: workspace.timeZone,
  });

  return (
    <>
      <PageHeader
        title="Billing portal"
        description={`Invoices for ${workspace.name}'s credit purchases.`}
        actions={back}
      />
      <TestModeBanner>
        Stripe&apos;s customer portal would manage cards and invoices here; in test mode this page lists the
        workspace&apos;s purchases.
      </TestModeBanner>
      <Card aria-labelledby="invoices-heading" className="mt-6">
        <div className="px-6 py-4">
          <h2 id="invoices-heading" className="text-base font-semibold text-slate-900 dark:text-white">
            Invoices
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
                  <Th>Date</Th>
                  <Th>Description</Th>
                  <Th className="text-right">Credits</Th>
                  <Th className="text-right">Amount</Th>
                  <Th>Status</Th>
                </tr>
              </TableHead>
              <TableBody>
                {purchases.map((purchase) => {
                  const status = STATUS[purchase.status];
                  return (
                    <tr key={purchase.id} data-testid="invoice" data-status={purchase.status}>
                      <Td className="text-slate-600 tabular-nums dark:text-slate-400">
                        <time dateTime={purchase.createdAt.toISOString()}>
                          {when.format(purchase.createdAt)}
                        </time>
                      </Td>
                      <Td className="whitespace-normal">
                        <span className="font-medium text-slate-900 dark:text-white">
                          {KIND_LABELS[purchase.kind]}
                        </span>
                        {purchase.failureMessage && purchase.status !== "paid" ? (
                          <span className="block text-xs text-slate-600 dark:text-slate-400">
                            {purchase.failureMessage}
                          </span>
                        ) : null}
                      </Td>
                      <Td className="text-right tabular-nums">{formatCredits(purchase.credits)}</Td>
                      <Td className="text-right font-medium tabular-nums">
                        {formatCents(purchase.amountCents, purchase.currency)}
                      </Td>
                      <Td>
                        <Badge tone={status.tone}>{status.label}</Badge>
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
