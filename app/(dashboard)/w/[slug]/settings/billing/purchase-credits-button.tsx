"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import type { TopUpEligibility } from "@/lib/billing/plans";
import { BUY_CREDITS_PARAM } from "@/components/credits/buy-credits";
import { Button } from "@/components/ui/button";
import { PurchaseCreditsDialog } from "./purchase-credits-dialog";

type Props = {
  workspaceId: string;
  slug: string;
  eligibility: TopUpEligibility;
  publishableKey: string | null;
  isTestMode: boolean;
};

/**
 * Purchase Credits and its dialog. The dialog also opens when the page is reached by Buy Credits
 * (the header, the profile menu or the Overview link to ?buy=credits); closing it drops that
 * parameter, so a reload or Back does not open it again.
 */
export function PurchaseCreditsButton({ workspaceId, slug, eligibility, publishableKey, isTestMode }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const isRequested = searchParams.get(BUY_CREDITS_PARAM.name) === BUY_CREDITS_PARAM.value;
  const [isOpen, setOpen] = useState(isRequested);
  // A Buy Credits link followed while already on this page changes only the query string: open
  // the dialog when the parameter appears (state adjusted while rendering, not in an effect).
  const [wasRequested, setWasRequested] = useState(isRequested);
  if (wasRequested !== isRequested) {
    setWasRequested(isRequested);
    if (isRequested) setOpen(true);
  }

  function onOpenChange(open: boolean) {
    setOpen(open);
    if (open || !isRequested) return;
    const rest = new URLSearchParams(searchParams);
    rest.delete(BUY_CREDITS_PARAM.name);
    const query = rest.toString();
    router.replace(`${pathname}${query ? `?${query}` : ""}`, { scroll: false });
  }

  return (
    <>
      <Button onClick={() => setOpen(true)} aria-haspopup="dialog">
        Purchase Credits
      </Button>
      <PurchaseCreditsDialog
        open={isOpen}
        onOpenChange={onOpenChange}
        workspaceId={workspaceId}
        slug={slug}
        eligibility={eligibility}
        publishableKey={publishableKey}
        isTestMode={isTestMode}
      />
    </>
  );
}
