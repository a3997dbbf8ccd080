"use server";

import { revalidatePath } from "next/cache";
import {
  createAutoTopUpSettings,
  getAutoTopUpSettings,
  updateAutoTopUpSettings,
} from "@/db/queries/auto-top-up";
import { setAutoTopUpThreshold } from "@/db/queries/credit-accounts";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, autoTopUpTarget } from "@/lib/actions/audit";
import { AUTO_TOP_UP_PLAN_MESSAGE, allowsAutoTopUp, autoTopUpPriceCents } from "@/lib/billing/auto-top-up";
import { defaultLowBalanceThreshold } from "@/lib/billing/plans";
import { CURRENCY } from "@/lib/billing/top-ups";
import { saveAutoTopUpInput } from "@/lib/validation/auto-top-up";

function describe(settings: {
  isEnabled: boolean;
  threshold: number;
  credits: number;
  amountCents: number;
  monthlyCapCents: number | null;
}) {
  return {
    enabled: settings.isEnabled,
    threshold: settings.threshold,
    credits: settings.credits,
    amountCents: settings.amountCents,
    monthlyCapCents: settings.monthlyCapCents,
  };
}

/**
 * The Auto Top Up dialog's Save: switches auto top-up on or off and sets when it fires, how much
 * it buys and the monthly cap. The spend trigger's threshold and the low-balance alert follow in
 * the same transaction, and the change is audited.
 */
export const saveAutoTopUpAction = workspaceAction(
  { input: saveAutoTopUpInput, permission: "auto-top-up:manage" },
  async (ctx, input) => {
    if (!allowsAutoTopUp(ctx.workspace)) return fail("forbidden", AUTO_TOP_UP_PLAN_MESSAGE);
    const amountCents = autoTopUpPriceCents(input.credits);
    if (amountCents === null) throw new Error("validated credits have no price");
    const now = ctx.clock.now();
    const result = await ctx.db.transaction(async (tx) => {
      const before = await getAutoTopUpSettings(tx, ctx.workspace.id, { forUpdate: true });
      if (input.enabled && !before?.paymentMethodId) return "no_card" as const;
      const next = {
        isEnabled: input.enabled,
        threshold: input.threshold,
        credits: input.credits,
        amountCents,
        monthlyCapCents: input.monthlyCapCents,
      };
      const switchingOn = input.enabled && !before?.isEnabled;
      // An update when the row exists: the insert's own row is checked before any conflict, and a
      // new row has no card, so it may not be switched on.
      if (before) {
        await updateAutoTopUpSettings(tx, ctx.workspace.id, {
          ...next,
          updatedByUserId: ctx.user.id,
          updatedAt: now,
          // Switching on again starts a fresh count and clears "switched off after 3 failures".
          ...(switchingOn ? { consecutiveFailures: 0, disabledReason: null, disabledAt: null } : {}),
        });
      } else {
        await createAutoTopUpSettings(tx, {
          workspaceId: ctx.workspace.id,
          ...next,
          currency: CURRENCY,
          updatedByUserId: ctx.user.id,
          updatedAt: now,
        });
      }
      await setAutoTopUpThreshold(
        tx,
        ctx.workspace.id,
        input.enabled ? input.threshold : null,
        defaultLowBalanceThreshold(ctx.workspace),
      );
      const beforeView = before ? describe(before) : null;
      const afterView = describe(next);
      if (JSON.stringify(beforeView) !== JSON.stringify(afterView)) {
        await auditChange(tx, ctx, "auto_top_up.changed", autoTopUpTarget(ctx.workspace), {
          before: beforeView,
          after: afterView,
          at: now,
        });
      }
      return "saved" as const;
    });
    if (result === "no_card") {
      return fail("invalid_input", "Add a card before switching auto top-up on.", {
        paymentMethod: ["Add a card to charge for auto top-ups"],
      });
    }
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok({ enabled: input.enabled, threshold: input.threshold, credits: input.credits, amountCents });
  },
);
