"use server";

import { revalidatePath } from "next/cache";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange } from "@/lib/actions/audit";
import { cardLabel, followDefaultCard } from "@/lib/payments/payment-methods";
import { findCardOnFile } from "@/lib/payments/saved-card";
import { paymentMethodInput } from "@/lib/validation/payment-methods";

/**
 * Makes one of the workspace's cards the default: the customer's invoice default (which the
 * subscription renews on), the card purchases charge, and auto top-up's card. A card that is not
 * this workspace's is refused and nothing changes.
 */
export const makeDefaultPaymentMethodAction = workspaceAction(
  { input: paymentMethodInput, permission: "credits:purchase" },
  async (ctx, input) => {
    const found = await findCardOnFile(ctx, ctx.workspace, input.paymentMethodId);
    if (!found) return fail("not_found", "That card is not on file for this workspace.");
    const { provider, customer, cards, card } = found;
    if (card.isDefault) return ok({ id: card.id });
    const previous = cards.find((c) => c.isDefault) ?? null;
    await provider.setDefaultCard(customer, card.id, ctx);
    const now = ctx.clock.now();
    await ctx.db.transaction(async (tx) => {
      await followDefaultCard(tx, ctx.workspace.id, provider.mode, card, now);
      await auditChange(
        tx,
        ctx,
        "payment_method.changed",
        { type: "payment_method", id: card.id, label: cardLabel(card) },
        {
          before: { default: previous ? cardLabel(previous) : null },
          after: { change: "made_default", default: cardLabel(card) },
          at: now,
        },
      );
    });
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok({ id: card.id });
  },
);
