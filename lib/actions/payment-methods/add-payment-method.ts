"use server";

import { revalidatePath } from "next/cache";
import { ok, workspaceAction } from "@/lib/actions/action-client";
import { cardSourceOf } from "@/lib/actions/payment-methods/card-source";
import { auditChange } from "@/lib/actions/audit";
import { getPaymentsProvider } from "@/lib/payments";
import { ensureWorkspaceCustomer } from "@/lib/payments/customer";
import { cardLabel, followDefaultCard } from "@/lib/payments/payment-methods";
import { listCardsOnFile } from "@/lib/payments/saved-card";
import { addPaymentMethodInput } from "@/lib/validation/payment-methods";

/**
 * Keeps a card on the workspace's customer: the card of a SetupIntent Stripe Elements confirmed
 * (checked with Stripe to be this customer's), or in test mode one of the stand-in's test cards. The
 * first card becomes the default; later ones wait to be made the default.
 */
export const addPaymentMethodAction = workspaceAction(
  { input: addPaymentMethodInput, permission: "credits:purchase" },
  async (ctx, input) => {
    const provider = getPaymentsProvider();
    const source = cardSourceOf(provider.mode, input);
    if (!source.ok) return source;
    const customerId = await ensureWorkspaceCustomer(ctx.db, provider, ctx.workspace, ctx.user.email);
    const customer = {
      customerId,
      workspaceId: ctx.workspace.id,
      subscriptionId: ctx.workspace.stripeSubscriptionId,
    };
    const card = await provider.addCard(customer, source.source, { makeDefault: false }, ctx);
    const workspace = { ...ctx.workspace, stripeCustomerId: customerId };
    const isDefault = (await listCardsOnFile(ctx, provider, workspace)).some(
      (c) => c.id === card.id && c.isDefault,
    );
    const now = ctx.clock.now();
    await ctx.db.transaction(async (tx) => {
      if (isDefault) await followDefaultCard(tx, ctx.workspace.id, provider.mode, card, now);
      await auditChange(
        tx,
        ctx,
        "payment_method.changed",
        { type: "payment_method", id: card.id, label: cardLabel(card) },
        { after: { change: "added", isDefault }, at: now },
      );
    });
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok({ ...card, isDefault });
  },
);
