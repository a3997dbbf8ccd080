"use server";

import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { AUTO_TOP_UP_PLAN_MESSAGE, allowsAutoTopUp } from "@/lib/billing/auto-top-up";
import { getPaymentsProvider } from "@/lib/payments";
import { ensureWorkspaceCustomer } from "@/lib/payments/customer";
import { startCardSetupInput } from "@/lib/validation/auto-top-up";

/**
 * Starts adding the card auto top-ups charge: a Stripe SetupIntent for Elements, or (test mode)
 * word that the test card picker stands in for it.
 */
export const startCardSetupAction = workspaceAction(
  { input: startCardSetupInput, permission: "auto-top-up:manage" },
  async (ctx) => {
    if (!allowsAutoTopUp(ctx.workspace)) return fail("forbidden", AUTO_TOP_UP_PLAN_MESSAGE);
    const provider = getPaymentsProvider();
    const customerId = await ensureWorkspaceCustomer(ctx.db, provider, ctx.workspace, ctx.user.email);
    const setup = await provider.createCardSetup(customerId, ctx.workspace.id);
    return ok(
      setup ? { mode: "stripe" as const, clientSecret: setup.clientSecret } : { mode: "test" as const },
    );
  },
);
