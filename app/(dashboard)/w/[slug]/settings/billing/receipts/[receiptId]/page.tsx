import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db";
import { requirePageAccess } from "@/lib/auth/page-access";
import { getClock } from "@/lib/clock";
import { isTestMode } from "@/lib/payments";
import { loadReceipt } from "@/lib/receipts/receipt";
import { ForbiddenNotice } from "@/components/shell/forbidden-notice";
import { PageHeader } from "@/components/shell/page-header";
import { buttonClasses } from "@/components/ui/button";
import { DownloadIcon } from "@/components/ui/download-icon";
import { ReceiptView } from "./receipt-view";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Receipt" };

type Props = { params: Promise<{ slug: string; receiptId: string }> };

/** One paid payment's receipt, as its PDF prints it (test mode) or with Stripe's own document. */
export default async function ReceiptPage({ params }: Props) {
  const { slug, receiptId } = await params;
  const billingPath = `/w/${slug}/settings/billing`;
  const { allowed, access } = await requirePageAccess(
    slug,
    "credits:purchase",
    `${billingPath}/receipts/${encodeURIComponent(receiptId)}`,
  );
  if (!allowed) {
    return <ForbiddenNotice slug={slug} title="Receipt" role={access.role} />;
  }
  const { workspace } = access;
  const receipt = await loadReceipt({ db: getDb(), clock: getClock() }, workspace, receiptId);
  if (!receipt) notFound();
  const testMode = isTestMode();

  return (
    <>
      <PageHeader
        title={`Receipt ${receipt.number}`}
        description={`A receipt for ${workspace.name}. Billing details are set by owners on Credits & Billing.`}
        actions={
          <>
            <Link href={`${billingPath}/invoices`} className={buttonClasses("secondary")}>
              ← Invoices
            </Link>
            <a
              href={`/api/workspaces/${workspace.id}/receipts/${receipt.id}/pdf`}
              download={testMode ? true : undefined}
              className={buttonClasses("primary")}
              data-testid="download-receipt"
            >
              <DownloadIcon />
              {testMode
                ? "Download PDF"
                : receipt.kind === "plan"
                  ? "Invoice PDF (Stripe)"
                  : "Stripe receipt"}
            </a>
          </>
        }
      />
      <ReceiptView receipt={receipt} />
    </>
  );
}
