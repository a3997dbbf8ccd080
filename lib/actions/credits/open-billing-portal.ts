"use server";

import { ok, workspaceAction } from "@/lib/actions/action-client";
import { getAppUrl } from "@/lib/app-url";
import { getPaymentsProvider } from "@/lib/payments";
import { ensureWorkspaceCustomer } from "@/lib/payments/customer";
import { portalInput } from "@/lib/validation/credits";

/** Stripe's customer portal (cards and invoices) for the workspace's one customer. */
export const openBillingPortalAction = workspaceAction(
  { input: portalInput, permission: "credits:purchase" },
  async (ctx) => {
    const provider = getPaymentsProvider();
    const customerId = await ensureWorkspaceCustomer(ctx.db, provider, ctx.workspace, ctx.user.email);
    const url = await provider.createPortalSession(
      customerId,
      `${await getAppUrl()}/w/${ctx.workspace.slug}/settings/billing`,
    );
    return ok({ url });
  },
);
