import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClasses } from "@/components/ui/button";
import { BillingPortalButton } from "./billing-portal-button";
import { Card, CardBody } from "@/components/ui/card";
import { SectionHeading } from "./section-heading";

type Props = {
  workspaceId: string;
  /** The Invoices page, where every payment's receipt is. */
  invoicesPath: string;
  /** Owners and admins open the billing portal; others only read the section. */
  canManage: boolean;
  isTestMode: boolean;
  /** The workspace's saved cards (Payment methods), listed above the invoices. */
  children?: ReactNode;
};

/**
 * Payment methods & invoices, the last section of Credits & Billing: the cards that pay for the
 * plan, purchases and auto top-up, and the one way into the billing portal for invoices.
 */
export function PaymentsSection({ workspaceId, invoicesPath, canManage, isTestMode, children }: Props) {
  return (
    <section id="payment-methods" aria-labelledby="payments-heading" className="scroll-mt-20 space-y-6">
      <SectionHeading id="payments-heading" title="Payment methods & invoices">
        The card the plan, credit purchases and auto top-up are charged to, and every invoice.
      </SectionHeading>
      {children}
      <Card id="invoices" aria-labelledby="invoices-heading" className="scroll-mt-20">
        <CardBody className="flex flex-wrap items-center justify-between gap-4">
          <div className="min-w-0">
            <h3 id="invoices-heading" className="text-base font-semibold text-slate-900 dark:text-white">
              Invoices
            </h3>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              Every credit purchase, auto top-up and plan payment with its receipt, filters and CSV export.{" "}
              {isTestMode
                ? "Test mode: receipts are PDFs made by Creditpool."
                : "Receipts and invoice PDFs are Stripe's; the card on file is in Stripe's customer portal."}
            </p>
          </div>
          {canManage ? (
            <div className="flex shrink-0 flex-wrap items-start gap-3">
              <Link href={invoicesPath} className={buttonClasses("secondary")}>
                View invoices
              </Link>
              <BillingPortalButton workspaceId={workspaceId} />
            </div>
          ) : null}
        </CardBody>
      </Card>
    </section>
  );
}
