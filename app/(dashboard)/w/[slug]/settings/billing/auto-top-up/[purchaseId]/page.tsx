import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { getPurchase } from "@/db/queries/purchases";
import { requirePageAccess } from "@/lib/auth/page-access";
import { describeFailure } from "@/lib/billing/auto-top-up";
import { formatCents } from "@/lib/billing/top-ups";
import { env } from "@/lib/env";
import { formatCredits, formatDateTime } from "@/lib/format";
import { getPaymentsProvider, isTestMode } from "@/lib/payments";
import { ForbiddenNotice } from "@/components/shell/forbidden-notice";
import { FormMessage } from "@/components/ui/form-message";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { TestModeBanner } from "@/components/credits/test-mode-banner";
import { FinishPayment } from "./finish-payment";

// The attempt's state changes as it is paid: never prerender.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Finish auto top-up payment" };

type Props = { params: Promise<{ slug: string; purchaseId: string }> };

/**
 * Where the owners' "finish the payment" link leads when the bank asked to authenticate an auto
 * top-up: Stripe's authentication (confirmCardPayment) or, in test mode, a Complete authentication
 * button. Credits still arrive only from the payment_intent.succeeded webhook.
 */
export default async function FinishAutoTopUpPage({ params }: Props) {
  const { slug, purchaseId } = await params;
  const billingPath = `/w/${slug}/settings/billing`;
  const { allowed, access } = await requirePageAccess(
    slug,
    "auto-top-up:manage",
    `${billingPath}/auto-top-up/${purchaseId}`,
  );
  if (!allowed) return <ForbiddenNotice slug={slug} title="Auto top-up" role={access.role} />;
  if (!z.uuid().safeParse(purchaseId).success) notFound();
  const { workspace } = access;
  const purchase = await getPurchase(getDb(), workspace.id, purchaseId);
  if (!purchase || purchase.kind !== "auto_top_up") notFound();

  const testMode = isTestMode();
  const needsAuthentication =
    purchase.status === "failed" && purchase.failureCode === "authentication_required";
  const authentication =
    needsAuthentication && !testMode && purchase.paymentIntentId
      ? await getPaymentsProvider().getPaymentAuthentication(purchase.paymentIntentId)
      : null;

  return (
    <>
      <PageHeader
        title="Finish auto top-up payment"
        description={`${workspace.name}'s bank asked to confirm an automatic credit purchase.`}
      />
      {testMode ? (
        <TestModeBanner>
          Complete the authentication a bank would ask for. The result goes through the same webhook handling
          as a real Stripe payment.
        </TestModeBanner>
      ) : null}
      <Card aria-labelledby="attempt-heading" className="mt-6 max-w-xl">
        <CardHeader className="py-3.5">
          <h2 id="attempt-heading" className="text-base font-semibold text-slate-900 dark:text-white">
            Auto top-up of {formatCredits(purchase.credits)} credits
          </h2>
          <span className="text-lg font-semibold text-slate-900 tabular-nums dark:text-white">
            {formatCents(purchase.amountCents, purchase.currency)}
          </span>
        </CardHeader>
        <CardBody className="space-y-4">
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Started {formatDateTime(purchase.createdAt.toISOString(), workspace.timeZone)} when the balance
            fell below the auto top-up threshold.
          </p>
          {purchase.status === "paid" ? (
            <FormMessage tone="success">
              Paid: {formatCredits(purchase.credits)} credits were added to the balance.
            </FormMessage>
          ) : needsAuthentication ? (
            <FinishPayment
              workspaceId={workspace.id}
              purchaseId={purchase.id}
              isTestMode={testMode}
              publishableKey={testMode ? null : (env.STRIPE_PUBLISHABLE_KEY ?? null)}
              authentication={authentication}
            />
          ) : (
            <FormMessage tone="info">
              {purchase.status === "pending"
                ? "This payment is being processed. The balance updates once it is confirmed."
                : `This attempt can't be finished here: ${describeFailure(purchase.failureCode, purchase.failureMessage)}.`}
            </FormMessage>
          )}
          <Link href={billingPath} className={buttonClasses("secondary")}>
            Back to Credits &amp; Billing
          </Link>
        </CardBody>
      </Card>
    </>
  );
}
