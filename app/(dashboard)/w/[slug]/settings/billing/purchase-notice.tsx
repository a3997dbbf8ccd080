import Link from "next/link";
import type { CreditPurchase } from "@/db/schema";
import { formatCents } from "@/lib/billing/top-ups";
import { formatCredits } from "@/lib/format";
import { FormMessage } from "@/components/ui/form-message";

type Props = { purchase: CreditPurchase; billingPath: string };

/** What became of the checkout the buyer just came back from (?purchase=<id>). */
export function PurchaseNotice({ purchase, billingPath }: Props) {
  const what = `${formatCredits(purchase.credits)} credits for ${formatCents(purchase.amountCents, purchase.currency)}`;
  const dismiss = (
    <Link href={billingPath} className="ml-2 font-medium underline underline-offset-2" scroll={false}>
      Dismiss
    </Link>
  );
  switch (purchase.status) {
    case "paid":
      return (
        <FormMessage tone="success" className="mb-6">
          <span data-testid="purchase-notice">
            Payment received: {what}. The credits are in the balance and never expire.
          </span>
          {dismiss}
        </FormMessage>
      );
    case "pending":
      return (
        <FormMessage tone="info" className="mb-6">
          <span data-testid="purchase-notice">
            Waiting for the payment for {what} to be confirmed. The balance updates as soon as it is.
          </span>
        </FormMessage>
      );
    case "failed":
      return (
        <FormMessage className="mb-6">
          <span data-testid="purchase-notice">
            The payment for {what} did not go through
            {purchase.failureMessage ? `: ${purchase.failureMessage}` : "."} No credits were added and nothing
            was charged.
          </span>
          {dismiss}
        </FormMessage>
      );
    case "expired":
      return (
        <FormMessage tone="info" className="mb-6">
          <span data-testid="purchase-notice">
            Checkout cancelled: {what} were not bought. Nothing was charged and no credits were added.
          </span>
          {dismiss}
        </FormMessage>
      );
  }
}
