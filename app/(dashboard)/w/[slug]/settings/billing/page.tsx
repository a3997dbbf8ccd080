import type { Metadata } from "next";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { getPurchase } from "@/db/queries/purchases";
import { requirePageAccess } from "@/lib/auth/page-access";
import { can } from "@/lib/auth/permissions";
import { lowBalanceThreshold } from "@/lib/billing/plans";
import { getClock } from "@/lib/clock";
import { getCreditsSummary } from "@/lib/credits/summary";
import { env } from "@/lib/env";
import { formatTimeZoneName } from "@/lib/format";
import { isTestMode } from "@/lib/payments";
import { ForbiddenNotice } from "@/components/shell/forbidden-notice";
import { PageHeader } from "@/components/shell/page-header";
import { BillingDetailsSection } from "./billing-details-section";
import { BillingOverview } from "./billing-overview";
import { LowBalanceForm } from "./low-balance-form";
import { PaymentsSection } from "./payments-section";
import { PlanSection } from "./plan-section";
import { PaymentMethodsSection } from "./payment-methods-section";
import { PurchaseNotice } from "./purchase-notice";
import { ScrollToHash } from "./scroll-to-hash";
import { SectionLinks } from "./section-links";

// Balances change with every purchase and generation: never prerender.
export const dynamic = "force-dynamic";

const TITLE = "Credits & Billing";

export const metadata: Metadata = { title: TITLE };

type SearchParams = Record<string, string | string[] | undefined>;
type Props = { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> };

const purchaseParam = z.uuid();

const SECTIONS = [
  { id: "credits", label: "Credits" },
  { id: "auto-top-up", label: "Auto top-up" },
  { id: "plan", label: "Plan" },
  { id: "payment-methods", label: "Payment methods & invoices" },
  { id: "billing-details", label: "Billing details" },
];

/**
 * Credits & Billing, the one billing tab of workspace settings: Credits (balance, purchases, auto
 * top-up, the Low Balance alert), Plan, and Payment methods & invoices.
 */
export default async function BillingPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const basePath = `/w/${slug}/settings/billing`;
  const { allowed, access } = await requirePageAccess(slug, "credits:view", basePath);
  if (!allowed) {
    return <ForbiddenNotice slug={slug} title={TITLE} role={access.role} />;
  }

  const { workspace } = access;
  const ctx = { db: getDb(), clock: getClock() };
  const now = ctx.clock.now();
  const rawPurchase = (await searchParams).purchase;
  const purchaseId = purchaseParam.safeParse(Array.isArray(rawPurchase) ? rawPurchase[0] : rawPurchase);
  const [summary, purchase] = await Promise.all([
    getCreditsSummary(ctx, workspace),
    purchaseId.success ? getPurchase(ctx.db, workspace.id, purchaseId.data) : null,
  ]);
  const testMode = isTestMode();
  const publishableKey = testMode ? null : (env.STRIPE_PUBLISHABLE_KEY ?? null);
  const canPurchase = can(access.role, "credits:purchase");

  return (
    <>
      <PageHeader
        title={TITLE}
        description={`${workspace.name}'s credits, plan, payment methods, invoices and billing details. Only owners and admins see this page.`}
      />
      <SectionLinks sections={SECTIONS} />
      <ScrollToHash />
      {purchase ? <PurchaseNotice purchase={purchase} billingPath={basePath} /> : null}
      <div className="space-y-12">
        <BillingOverview
          initial={summary}
          renderId={randomUUID()}
          workspace={{ id: workspace.id, slug: workspace.slug, timeZone: workspace.timeZone }}
          timeZoneName={formatTimeZoneName(workspace.timeZone, now)}
          canPurchase={canPurchase}
          canManageAutoTopUp={can(access.role, "auto-top-up:manage")}
          publishableKey={publishableKey}
          isTestMode={testMode}
          isReturningFromCheckout={purchase !== null}
          thresholdForm={
            can(access.role, "workspace:update") ? (
              <LowBalanceForm
                workspaceId={workspace.id}
                threshold={lowBalanceThreshold(workspace)}
                autoTopUpThreshold={summary.autoTopUp.isEnabled ? summary.autoTopUp.threshold : null}
              />
            ) : null
          }
        />
        <PlanSection
          workspace={workspace}
          now={now}
          canManage={canPurchase}
          isTestMode={testMode}
          publishableKey={publishableKey}
        />
        <PaymentsSection
          workspaceId={workspace.id}
          invoicesPath={`${basePath}/invoices`}
          canManage={canPurchase}
          isTestMode={testMode}
        >
          {canPurchase ? (
            <PaymentMethodsSection
              workspace={workspace}
              publishableKey={publishableKey}
              isTestMode={testMode}
            />
          ) : null}
        </PaymentsSection>
        <BillingDetailsSection workspace={workspace} canEdit={can(access.role, "billing-details:manage")} />
      </div>
    </>
  );
}
