import Link from "next/link";
import { buyCreditsHref } from "@/components/credits/buy-credits";
import { buttonClasses } from "@/components/ui/button";
import { PlusIcon } from "./icons";

/**
 * Buy Credits in the top bar, for owners and admins: opens Purchase Credits on Credits & Billing.
 * On a phone only its icon shows; its name is read out on every width.
 */
export function BuyCreditsLink({ slug }: { slug: string }) {
  return (
    <Link
      href={buyCreditsHref(slug)}
      className={buttonClasses("primary", "mr-1 gap-1.5 px-2 py-1.5 sm:px-3")}
    >
      <PlusIcon className="size-4 shrink-0" />
      <span className="sr-only sm:not-sr-only">Buy Credits</span>
    </Link>
  );
}
