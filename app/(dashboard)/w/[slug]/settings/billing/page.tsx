import type { Metadata } from "next";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { getPurchase } from "@/db/queries/purchases";
import { requirePageAccess } from "@/lib/auth/page-access";
import { can } from "@/lib/auth/permissions";
import { getClock } from "@/lib/clock";
import { getCreditsSummary } from "@/lib/credits/summary";
import { env } from "@/lib/env";
import { formatTimeZoneName } from "@/lib/format";
import { isTestMode } from "@/lib/payments";
import { ForbiddenNotice } from "@/components/shell/forbidden-notice";
import { PageHeader } from "@/components/shell/page-header";
import { BillingOverview } from "./billing-overview";
import { LowBalanceForm } from "./low-balance-form";
import { PaymentMethodsSection } from "./payment-methods-section";
import { PurchaseNotice } from "./purchase-notice";

// Balances change with every purchase and generation: never prerender.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Billing" };

type SearchParams = Record<string, string | string[] | undefined>;
type Props = { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> };

const purchaseParam = z.uuid();

export default async function BillingPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const basePath = `/w/${slug}/settings/billing`;
  const { allowed, access } = await requirePageAccess(slug, "credits:view", basePath);
  if (!allowed) {
    return <ForbiddenNotice slug={slug} title="Billing" role={access.role} />;
  }

  const { workspace } = access;
  const ctx = { db: getDb(), clock: getClock() };
  const rawPurchase = (await searchParams).purchase;
  const purchaseId = purchaseParam.safeParse(Array.isArray(rawPurchase) ? rawPurchase[0] : rawPurchase);
  const [summary, purchase] = await Promise.all([
    getCreditsSummary(ctx, workspace),
    purchaseId.success ? getPurchase(ctx.db, workspace.id, purchaseId.data) : null,
  ]);
  const testMode = isTestMode();

  return (
    <>
      <PageHeader
        title="Billing"
        description={`${workspace.name}'s credits, plan and purchases. Only owners and admins see this page.`}
      />
      {purchase ? <PurchaseNotice purchase={purchase} billingPath={basePath} /> : null}
      <BillingOverview
        initial={summary}
        renderId={randomUUID()}
        workspace={{ id: workspace.id, slug: workspace.slug, timeZone: workspace.timeZone }}
        timeZoneName={formatTimeZoneName(workspace.timeZone, ctx.clock.now())}
        canPurchase={can(access.role, "credits:purchase")}
        canManageAutoTopUp={can(access.role, "auto-top-up:manage")}
        publishableKey={testMode ? null : (env.STRIPE_PUBLISHABLE_KEY ?? null)}
        isTestMode={testMode}
        isReturningFromCheckout={purchase !== null}
        thresholdForm={
          can(access.role, "workspace:update") ? (
            <LowBalanceForm
              workspaceId={workspace.id}
              threshold={workspace.lowBalanceThreshold}
              autoTopUpThreshold={summary.autoTopUp.isEnabled ? summary.autoTopUp.threshold : null}
            />
          ) : null
        }
      />
      {can(access.role, "credits:purchase") ? (
        <PaymentMethodsSection
          workspace={workspace}
          publishableKey={testMode ? null : (env.STRIPE_PUBLISHABLE_KEY ?? null)}
          isTestMode={testMode}
        />
      ) : null}
    </>
  );
}
