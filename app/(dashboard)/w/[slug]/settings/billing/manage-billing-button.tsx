"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { openBillingPortalAction } from "@/lib/actions/credits/open-billing-portal";
import { Button } from "@/components/ui/button";
import { runAction } from "@/components/ui/run-action";

/** Opens Stripe's customer portal (or the test-mode stand-in) for cards and invoices. */
export function ManageBillingButton({ workspaceId }: { workspaceId: string }) {
  const router = useRouter();
  const [isPending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onClick() {
    setPending(true);
    setError(null);
    const result = await runAction(() => openBillingPortalAction({ workspaceId }));
    if (!result.ok) {
      setPending(false);
      setError(result.error.message);
      return;
    }
    const { url } = result.data;
    // Stripe's portal is another site; the test-mode stand-in is a page in this app.
    if (url.startsWith("/")) router.push(url);
    else window.location.assign(url);
  }

  return (
    <>
      <Button variant="secondary" className="w-full" onClick={onClick} disabled={isPending}>
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
