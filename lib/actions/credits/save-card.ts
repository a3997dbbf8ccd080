"use server";

import { revalidatePath } from "next/cache";
import { getAutoTopUpSettings, saveAutoTopUpCard } from "@/db/queries/auto-top-up";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { cardSourceOf } from "@/lib/actions/payment-methods/card-source";
import { auditChange, autoTopUpTarget } from "@/lib/actions/audit";
import {
  AUTO_TOP_UP_PLAN_MESSAGE,
  DEFAULT_AUTO_TOP_UP,
  allowsAutoTopUp,
  autoTopUpPriceCents,
} from "@/lib/billing/auto-top-up";
import { getPaymentsProvider } from "@/lib/payments";
import { ensureWorkspaceCustomer } from "@/lib/payments/customer";
import type { PaymentMethodSummary } from "@/lib/payments/types";
import { saveCardInput } from "@/lib/validation/auto-top-up";

const label = (card: { brand: string | null; last4: string | null } | null) =>
  card?.last4 ? `${card.brand ?? "card"} •••• ${card.last4}` : null;

/**
 * Makes a card the one auto top-ups charge: the card of a SetupIntent that Stripe Elements
 * confirmed (checked with Stripe), or a test card in test mode, added to the workspace's cards as
 * the default (Payment methods lists it).
 */
export const saveCardAction = workspaceAction(
  { input: saveCardInput, permission: "auto-top-up:manage" },
  async (ctx, input) => {
    if (!allowsAutoTopUp(ctx.workspace)) return fail("forbidden", AUTO_TOP_UP_PLAN_MESSAGE);
    const provider = getPaymentsProvider();
    const source = cardSourceOf(provider.mode, input);
    if (!source.ok) return source;
    // The card joins the workspace's cards as the default: auto top-up, purchases and the
    // subscription all charge the default card.
    const customerId = await ensureWorkspaceCustomer(ctx.db, provider, ctx.workspace, ctx.user.email);
    const card: PaymentMethodSummary = await provider.addCard(
      { customerId, workspaceId: ctx.workspace.id, subscriptionId: ctx.workspace.stripeSubscriptionId },
      source.source,
      { makeDefault: true },
      ctx,
    );
    const now = ctx.clock.now();
    await ctx.db.transaction(async (tx) => {
      const before = await getAutoTopUpSettings(tx, ctx.workspace.id);
      await saveAutoTopUpCard(
        tx,
        ctx.workspace.id,
        {
          provider: provider.mode,
          paymentMethodId: card.id,
          paymentMethodBrand: card.brand,
          paymentMethodLast4: card.last4,
          updatedByUserId: ctx.user.id,
          updatedAt: now,
        },
        {
          threshold: DEFAULT_AUTO_TOP_UP.threshold,
          credits: DEFAULT_AUTO_TOP_UP.credits,
          amountCents: autoTopUpPriceCents(DEFAULT_AUTO_TOP_UP.credits) ?? 0,
        },
      );
      const previous = before ? { brand: before.paymentMethodBrand, last4: before.paymentMethodLast4 } : null;
      await auditChange(tx, ctx, "auto_top_up.changed", autoTopUpTarget(ctx.workspace), {
        before: { paymentMethod: label(previous) },
        after: { paymentMethod: label(card) },
        at: now,
      });
    });
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok({ brand: card.brand, last4: card.last4 });
  },
);
