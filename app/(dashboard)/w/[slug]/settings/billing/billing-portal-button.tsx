"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { openBillingPortalAction } from "@/lib/actions/credits/open-billing-portal";
import { Button } from "@/components/ui/button";
import { runAction } from "@/components/ui/run-action";

/**
 * "Manage billing": opens Stripe's customer portal (or the test-mode stand-in) for invoices and
 * cards, and comes back to Credits & Billing. A failure shows under the button, so place it in a
 * spaced column.
 */
export function BillingPortalButton({ workspaceId, className }: { workspaceId: string; className?: string }) {
  const router = useRouter();
  const [isPending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function open() {
    setPending(true);
    setError(null);
    const result = await runAction(() => openBillingPortalAction({ workspaceId }));
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
        {isPending ? "Opening billing…" : "Manage billing"}
      </Button>
      {error ? (
        <p role="alert" className="text-xs font-medium text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </>
  );
}
