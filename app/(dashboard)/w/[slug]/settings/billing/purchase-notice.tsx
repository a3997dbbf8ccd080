import Link from "next/link";
import type { ReactNode } from "react";
import type { CreditPurchase } from "@/db/schema";
import { formatCents } from "@/lib/billing/top-ups";
import { formatCredits } from "@/lib/format";
import { FormMessage } from "@/components/ui/form-message";

type Props = { purchase: CreditPurchase; billingPath: string };

type Notice = { tone: "error" | "info" | "success"; text: ReactNode; canDismiss: boolean };

function noticeFor(purchase: CreditPurchase): Notice {
  const what = `${formatCredits(purchase.credits)} credits for ${formatCents(purchase.amountCents, purchase.currency)}`;
  switch (purchase.status) {
    case "paid":
      return {
        tone: "success",
        text: <>Payment received: {what}. The credits are in the balance and never expire.</>,
        canDismiss: true,
      };
    case "pending":
      // Nothing to dismiss: it changes on its own once the payment is confirmed.
      return {
        tone: "info",
        text: <>Waiting for the payment for {what} to be confirmed. The balance updates as soon as it is.</>,
        canDismiss: false,
      };
    case "failed":
      return {
        tone: "error",
        text: (
          <>
            The payment for {what} did not go through
            {purchase.failureMessage ? `: ${purchase.failureMessage}` : "."} No credits were added and nothing
            was charged.
          </>
        ),
        canDismiss: true,
      };
    case "expired":
      return {
        tone: "info",
        text: <>Checkout cancelled: {what} were not bought. Nothing was charged and no credits were added.</>,
        canDismiss: true,
      };
  }
}

/** What became of the checkout the buyer just came back from (?purchase=<id>). */
export function PurchaseNotice({ purchase, billingPath }: Props) {
  const { tone, text, canDismiss } = noticeFor(purchase);
  return (
    <FormMessage tone={tone} className="mb-6">
      <span data-testid="purchase-notice">{text}</span>
      {canDismiss ? (
        <Link href={billingPath} className="ml-2 font-medium underline underline-offset-2" scroll={false}>
          Dismiss
        </Link>
      ) : null}
    </FormMessage>
  );
}
