import Link from "next/link";
import { getBillingDetails } from "@/db/queries/billing-details";
import type { Workspace } from "@/db/schema";
import { listCountries } from "@/lib/billing/countries";
import { TAX_ID_CHECKED_COUNTRIES } from "@/lib/billing/tax-id";
import { getDb } from "@/lib/db";
import { billedToLines } from "@/lib/receipts/receipt";
import { Card, CardBody } from "@/components/ui/card";
import { LINK_CLASS } from "@/components/ui/text-link";
import { BillingDetailsForm } from "./billing-details-form";
import { SectionHeading } from "./section-heading";

type Props = { workspace: Workspace; canEdit: boolean };

/** Billing details: who receipts are made out to. Owners edit them; admins read them. */
export async function BillingDetailsSection({ workspace, canEdit }: Props) {
  const details = await getBillingDetails(getDb(), workspace.id);
  const initial = {
    companyName: details?.companyName ?? "",
    addressLine1: details?.addressLine1 ?? "",
    addressLine2: details?.addressLine2 ?? "",
    city: details?.city ?? "",
    postalCode: details?.postalCode ?? "",
    state: details?.state ?? "",
    country: details?.country ?? "",
    receiptEmail: details?.receiptEmail ?? "",
    taxId: details?.taxId ?? "",
  };
  return (
    <section
      id="billing-details"
      aria-labelledby="billing-details-heading"
      className="scroll-mt-20 space-y-6"
    >
      <SectionHeading id="billing-details-heading" title="Billing details">
        Who receipts are made out to: printed on every receipt and sent to the payments customer.{" "}
        <Link href={`/w/${workspace.slug}/settings/billing/invoices`} className={LINK_CLASS}>
          See every invoice
        </Link>
      </SectionHeading>
      <Card>
        <CardBody>
          {canEdit ? (
            <BillingDetailsForm
              workspaceId={workspace.id}
              initial={initial}
              countries={listCountries()}
              checkedCountries={[...TAX_ID_CHECKED_COUNTRIES]}
            />
          ) : (
            <div className="text-sm text-slate-700 dark:text-slate-300">
              <address className="not-italic" data-testid="billing-details-summary">
                {billedToLines({ billing: details, workspaceName: workspace.name }).map((line, i) => (
                  <span key={i} className="block">
                    {line}
                  </span>
                ))}
              </address>
              <p className="mt-3 text-xs text-slate-600 dark:text-slate-400">Only owners can change them.</p>
            </div>
          )}
        </CardBody>
      </Card>
    </section>
  );
}
