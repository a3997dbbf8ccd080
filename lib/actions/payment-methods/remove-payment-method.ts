"use server";

import { revalidatePath } from "next/cache";
import { getAutoTopUpSettings } from "@/db/queries/auto-top-up";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange } from "@/lib/actions/audit";
import { cardLabel, followDefaultCard, whyCardIsKept } from "@/lib/payments/payment-methods";
import { findCardOnFile } from "@/lib/payments/saved-card";
import { paymentMethodInput } from "@/lib/validation/payment-methods";

/**
 * Removes a card from the workspace's customer. The default card is refused while another card is
 * on file or while the subscription or auto top-up charges it (whyCardIsKept says which): make
 * another card the default first. A card that is not this workspace's is refused and nothing changes.
 */
export const removePaymentMethodAction = workspaceAction(
  { input: paymentMethodInput, permission: "credits:purchase" },
  async (ctx, input) => {
    const found = await findCardOnFile(ctx, ctx.workspace, input.paymentMethodId);
    if (!found) return fail("not_found", "That card is not on file for this workspace.");
    const { provider, customer, cards, card } = found;
    const settings = await getAutoTopUpSettings(ctx.db, ctx.workspace.id);
    const kept = whyCardIsKept(card, cards, ctx.workspace, settings?.isEnabled ?? false);
    if (kept) return fail("conflict", kept);
    await provider.removeCard(customer, card.id, ctx);
    const now = ctx.clock.now();
    await ctx.db.transaction(async (tx) => {
      // Auto top-up (off, or on another card) never keeps a card that is gone.
      if (settings?.paymentMethodId === card.id) {
        const fallback = cards.find((c) => c.isDefault && c.id !== card.id) ?? null;
        await followDefaultCard(tx, ctx.workspace.id, provider.mode, fallback, now);
      }
      await auditChange(
        tx,
        ctx,
        "payment_method.changed",
        { type: "payment_method", id: card.id, label: cardLabel(card) },
        { before: { isDefault: card.isDefault }, after: { change: "removed" }, at: now },
      );
    });
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok({ id: card.id });
  },
);
