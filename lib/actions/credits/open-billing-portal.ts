"use server";

import { eq } from "drizzle-orm";
import { workspaces } from "@/db/schema";
import { ok, workspaceAction } from "@/lib/actions/action-client";
import { getAppUrl } from "@/lib/app-url";
import { getPaymentsProvider } from "@/lib/payments";
import { portalInput } from "@/lib/validation/credits";

/** Stripe's customer portal (cards and invoices) for the workspace's one customer. */
export const openBillingPortalAction = workspaceAction(
  { input: portalInput, permission: "credits:purchase" },
  async (ctx, input) => {
    const provider = getPaymentsProvider();
    const customerId = await provider.ensureCustomer(ctx.workspace, ctx.user.email);
    if (customerId !== ctx.workspace.stripeCustomerId) {
      await ctx.db
        .update(workspaces)
        .set({ stripeCustomerId: customerId })
        .where(eq(workspaces.id, ctx.workspace.id));
    }
    const url = await provider.createPortalSession(
      customerId,
      `${await getAppUrl()}/w/${ctx.workspace.slug}/settings/${input.returnTo}`,
    );
    return ok({ url });
  },
);
