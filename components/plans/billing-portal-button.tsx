"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { openBillingPortalAction } from "@/lib/actions/credits/open-billing-portal";
import { Button } from "@/components/ui/button";
import { runAction } from "@/components/ui/run-action";

/** Opens Stripe's customer portal (or the test-mode stand-in) for the card on file and invoices. */
export function BillingPortalButton({ workspaceId }: { workspaceId: string }) {
  const router = useRouter();
  const [isPending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function open() {
    setPending(true);
    setError(null);
    const result = await runAction(() => openBillingPortalAction({ workspaceId, returnTo: "plan" }));
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
    <div className="space-y-1.5">
      <Button variant="secondary" onClick={open} disabled={isPending}>
        {isPending ? "Opening…" : "Manage payment method & invoices"}
      </Button>
      {error ? (
        <p role="alert" className="text-xs font-medium text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
