"use server";

import { revalidatePath } from "next/cache";
import { getAutoTopUpSettings, retryAutoTopUp } from "@/db/queries/auto-top-up";
import { getPurchase } from "@/db/queries/purchases";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { AUTO_TOP_UP_PLAN_MESSAGE, allowsAutoTopUp, describeFailure } from "@/lib/billing/auto-top-up";
import { runAutoTopUpAttempt } from "@/lib/payments/auto-top-up-charge";
import { retryAutoTopUpInput } from "@/lib/validation/auto-top-up";

/**
 * The declined-auto-top-up banner's "Retry now": starts the next attempt under the same rules as a
 * spend below the threshold (one in flight, within the monthly cap) and charges it at once through
 * the same path the worker uses, so the owner sees how it went. A failure counts towards the three
 * that switch auto top-up off, as any failed attempt does.
 */
export const retryAutoTopUpAction = workspaceAction(
  { input: retryAutoTopUpInput, permission: "auto-top-up:manage" },
  async (ctx) => {
    if (!allowsAutoTopUp(ctx.workspace)) return fail("forbidden", AUTO_TOP_UP_PLAN_MESSAGE);
    const settings = await getAutoTopUpSettings(ctx.db, ctx.workspace.id);
    if (!settings?.isEnabled)
      return fail("conflict", "Auto top-up is off. Update the card, then switch auto top-up on again.");
    const purchaseId = await retryAutoTopUp(ctx.db, ctx.workspace.id, ctx.clock.now());
    if (!purchaseId)
      return fail(
        "conflict",
        "No top-up was started: the balance is no longer below the auto top-up threshold, a charge is already under way, or this month's cap is reached.",
      );
    const outcome = await runAutoTopUpAttempt(ctx, purchaseId);
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    const attempt = await getPurchase(ctx.db, ctx.workspace.id, purchaseId);
    if (outcome === "failed" || attempt?.status === "failed")
      return fail(
        "conflict",
        `The retry did not go through either (${describeFailure(attempt?.failureCode ?? null, attempt?.failureMessage ?? null).toLowerCase()}). Update the card, then retry.`,
      );
    return ok({ status: attempt?.status ?? "pending", credits: attempt?.credits ?? settings.credits });
  },
);
