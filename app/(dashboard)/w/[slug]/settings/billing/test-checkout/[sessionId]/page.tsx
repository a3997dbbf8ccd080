import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { getPurchaseBySession } from "@/db/queries/purchases";
import { requirePageAccess } from "@/lib/auth/page-access";
import { formatCents } from "@/lib/billing/top-ups";
import { formatCredits } from "@/lib/format";
import { isTestMode } from "@/lib/payments";
import { TEST_CARDS } from "@/lib/payments/test-mode";
import { ForbiddenNotice } from "@/components/shell/forbidden-notice";
import { FormMessage } from "@/components/ui/form-message";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { TestModeBanner } from "@/components/credits/test-mode-banner";
import { TestCheckoutForm } from "./test-checkout-form";

// A purchase's state changes as it is paid: never prerender.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Test-mode checkout" };

const SESSION_PATTERN = /^cs_test_local_[a-f0-9]{32}$/;

type Props = { params: Promise<{ slug: string; sessionId: string }> };

/**
 * The local stand-in for Stripe Checkout when Stripe is not configured. Paying here sends the
 * events Stripe would send through the same webhook handling; nothing on this page adds credits.
 */
export default async function TestCheckoutPage({ params }: Props) {
  const { slug, sessionId } = await params;
  const billingPath = `/w/${slug}/settings/billing`;
  const { allowed, access } = await requirePageAccess(
    slug,
    "credits:purchase",
    `${billingPath}/test-checkout/${sessionId}`,
  );
  if (!allowed) {
    return <ForbiddenNotice slug={slug} title="Checkout" role={access.role} />;
  }
  if (!SESSION_PATTERN.test(sessionId)) notFound();

  const { workspace } = access;
  const purchase = await getPurchaseBySession(getDb(), workspace.id, sessionId);
  if (!purchase) notFound();
  const returnPath = `${billingPath}?purchase=${purchase.id}`;
  const amount = formatCents(purchase.amountCents, purchase.currency);

  if (!isTestMode()) {
    return (
      <>
        <PageHeader title="Checkout" />
        <FormMessage tone="info">
          Test-mode checkout is off: this server takes payments through Stripe.{" "}
          <Link href={billingPath} className="font-medium underline underline-offset-2">
            Back to Credits &amp; Billing
          </Link>
        </FormMessage>
      </>
    );
  }

  return (
    <>
      <PageHeader title="Checkout" description={`Buying credits for ${workspace.name}.`} />
      <TestModeBanner />
      <div className="mt-6 grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <Card aria-labelledby="order-heading" className="lg:order-2">
          <CardHeader className="py-3.5">
            <h2 id="order-heading" className="text-base font-semibold text-slate-900 dark:text-white">
              Order
            </h2>
          </CardHeader>
          <CardBody>
            <dl className="space-y-3 text-sm">
              <div className="flex justify-between gap-4">
                <dt className="text-slate-600 dark:text-slate-400">Credits</dt>
                <dd
                  className="font-medium text-slate-900 tabular-nums dark:text-white"
                  data-testid="checkout-credits"
                >
                  {formatCredits(purchase.credits)}
                </dd>
              </div>
              <div className="flex justify-between gap-4">
                <dt className="text-slate-600 dark:text-slate-400">Type</dt>
                <dd className="text-right text-slate-900 dark:text-white">Top-up credits</dd>
              </div>
              <div className="flex justify-between gap-4 border-t border-slate-200 pt-3 dark:border-slate-800">
                <dt className="font-medium text-slate-900 dark:text-white">Total</dt>
                <dd
                  className="text-lg font-semibold text-slate-900 tabular-nums dark:text-white"
                  data-testid="checkout-amount"
                >
                  {amount}
                </dd>
              </div>
            </dl>
            <p className="mt-4 text-xs text-slate-600 dark:text-slate-400">
              Top-up credits never expire. They are added once the payment is confirmed.
            </p>
          </CardBody>
        </Card>
        <Card aria-labelledby="test-payment-heading" className="lg:order-1">
          <CardHeader className="py-3.5">
            <h2 id="test-payment-heading" className="text-base font-semibold text-slate-900 dark:text-white">
              Pay with a test card
            </h2>
          </CardHeader>
          <CardBody>
            {purchase.status === "paid" ? (
              <div className="space-y-4">
                <FormMessage tone="success">
                  This checkout is already paid: {formatCredits(purchase.credits)} credits were added to the
                  balance.
                </FormMessage>
                <Link href={returnPath} className={buttonClasses("primary")}>
                  Back to Credits &amp; Billing
                </Link>
              </div>
            ) : purchase.status === "expired" ? (
              <div className="space-y-4">
                <FormMessage tone="info">
                  This checkout was cancelled or has expired, so it can no longer be paid. Nothing was
                  charged. Start a new purchase from Credits &amp; Billing.
                </FormMessage>
                <Link href={returnPath} className={buttonClasses("secondary")}>
                  Back to Credits &amp; Billing
                </Link>
              </div>
            ) : (
              <TestCheckoutForm
                workspaceId={workspace.id}
                sessionId={sessionId}
                purchaseId={purchase.id}
                amount={amount}
                billingPath={billingPath}
                cards={TEST_CARDS.map((card) => ({
                  number: card.number,
                  label: card.label,
                  outcome: card.outcome,
                }))}
                previousFailure={
                  purchase.failureCode === "checkout_cancelled" ? null : purchase.failureMessage
                }
              />
            )}
          </CardBody>
        </Card>
      </div>
    </>
  );
}
