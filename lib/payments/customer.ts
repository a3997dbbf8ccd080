import "server-only";
import type { Executor } from "@/db";
import { setStripeCustomerId } from "@/db/queries/workspaces";
import type { Workspace, WorkspaceBillingDetails } from "@/db/schema";
import { stripeTaxIdType } from "@/lib/billing/tax-id";
import type { CustomerBillingUpdate, PaymentsProvider } from "./types";

/**
 * The workspace's one customer at the payments provider: created on first need (`email` is who it
 * is billed to) and remembered on the workspace.
 */
export async function ensureWorkspaceCustomer(
  db: Executor,
  provider: PaymentsProvider,
  workspace: Workspace,
  email: string,
): Promise<string> {
  const customerId = await provider.ensureCustomer(workspace, email);
  if (customerId !== workspace.stripeCustomerId) await setStripeCustomerId(db, workspace.id, customerId);
  return customerId;
}

/** The billing details as the provider's customer takes them (company name, else the workspace's). */
export function customerBillingUpdate(
  details: Pick<
    WorkspaceBillingDetails,
    | "companyName"
    | "addressLine1"
    | "addressLine2"
    | "city"
    | "postalCode"
    | "state"
    | "country"
    | "receiptEmail"
    | "taxId"
  >,
  workspaceName: string,
): CustomerBillingUpdate {
  const taxIdType = stripeTaxIdType(details.country);
  return {
    name: details.companyName ?? workspaceName,
    email: details.receiptEmail,
    address:
      details.addressLine1 && details.country
        ? {
            line1: details.addressLine1,
            line2: details.addressLine2,
            city: details.city,
            postalCode: details.postalCode,
            state: details.state,
            country: details.country,
          }
        : null,
    taxId: details.taxId && taxIdType ? { type: taxIdType, value: details.taxId } : null,
  };
}
