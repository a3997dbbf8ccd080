"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { openBillingPortalAction } from "@/lib/actions/credits/open-billing-portal";
import { Button } from "@/components/ui/button";
import { runAction } from "@/components/ui/run-action";

type Page = "billing" | "plan";

// The Billing page's card is narrow (one button for everything); the Plan page names what is there.
const LABELS: Record<Page, { idle: string; pending: string }> = {
  billing: { idle: "Manage billing", pending: "Opening billing…" },
  plan: { idle: "Manage payment method & invoices", pending: "Opening…" },
};

/**
 * Opens Stripe's customer portal (or the test-mode stand-in) for cards and invoices, from the Billing
 * and the Plan pages. A failure shows under the button, so place it in a spaced column.
 */
export function BillingPortalButton({
  workspaceId,
  page,
  className,
}: {
  workspaceId: string;
  /** The settings page it sits on, which the portal sends the customer back to. */
  page: Page;
  className?: string;
}) {
  const router = useRouter();
  const [isPending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function open() {
    setPending(true);
    setError(null);
    const result = await runAction(() => openBillingPortalAction({ workspaceId, returnTo: page }));
    if (!result.ok) {
      setPending(false);
      setError(result.error.message);
      return;
    }
    const { url } = result.data;
    // Stripe's portal is another site; the test-mode stand-in is a page of this app.
    if (url.startsWith("/")) router.push(url);
    else window.location.assign(url);
  }

  return (
    <>
      <Button variant="secondary" className={className} onClick={open} disabled={isPending}>
        {isPending ? LABELS[page].pending : LABELS[page].idle}
      </Button>
      {error ? (
        <p role="alert" className="text-xs font-medium text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </>
  );
}
