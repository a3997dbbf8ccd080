"use server";

import { revalidatePath } from "next/cache";
import { getBillingDetails, saveBillingDetails } from "@/db/queries/billing-details";
import { ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, workspaceTarget } from "@/lib/actions/audit";
import { getPaymentsProvider } from "@/lib/payments";
import { customerBillingUpdate, ensureWorkspaceCustomer } from "@/lib/payments/customer";
import { describeErrorForLog } from "@/lib/log/safe-error";
import { getLogger } from "@/lib/log/logger";
import { billingDetailsInput } from "@/lib/validation/billing-details";

const FIELDS = [
  "companyName",
  "addressLine1",
  "addressLine2",
  "city",
  "postalCode",
  "state",
  "country",
  "receiptEmail",
  "taxId",
] as const;

type Fields = Record<(typeof FIELDS)[number], string | null>;

function fieldsOf(source: Partial<Fields> | null): Fields {
  return Object.fromEntries(FIELDS.map((field) => [field, source?.[field] ?? null])) as Fields;
}

/**
 * Saves the workspace's billing details (owners): printed on every receipt from now on, recorded in
 * the audit log, and sent to the payments customer (Stripe's, or the test-mode stand-in's record).
 * The details are saved even when the provider can't be reached; saving again sends them again.
 */
export const updateBillingDetailsAction = workspaceAction(
  { input: billingDetailsInput, permission: "billing-details:manage" },
  async (ctx, input) => {
    const after = fieldsOf(input);
    const before = fieldsOf(await getBillingDetails(ctx.db, ctx.workspace.id));
    const changed = FIELDS.filter((field) => before[field] !== after[field]);
    if (changed.length > 0) {
      await ctx.db.transaction(async (tx) => {
        await saveBillingDetails(tx, {
          workspaceId: ctx.workspace.id,
          ...after,
          updatedByUserId: ctx.user.id,
          updatedAt: ctx.clock.now(),
        });
        await auditChange(tx, ctx, "billing_details.changed", workspaceTarget(ctx.workspace), {
          before: Object.fromEntries(changed.map((field) => [field, before[field]])),
          after: Object.fromEntries(changed.map((field) => [field, after[field]])),
        });
      });
    }
    let isSentToProvider = true;
    try {
      const provider = getPaymentsProvider();
      const customerId = await ensureWorkspaceCustomer(
        ctx.db,
        provider,
        ctx.workspace,
        after.receiptEmail ?? ctx.user.email,
      );
      await provider.updateCustomerBilling(
        { customerId, workspaceId: ctx.workspace.id },
        customerBillingUpdate(after, ctx.workspace.name),
        ctx,
      );
    } catch (error) {
      isSentToProvider = false;
      // The action runs with its request id (action-client.ts): this line carries it.
      getLogger().warn(
        `creditpool billing details: not sent to the payments customer: ${describeErrorForLog(error)}`,
      );
    }
    revalidatePath(`/w/${ctx.workspace.slug}/settings/billing`, "layout");
    return ok({ isSentToProvider });
  },
);
