"use server";

import { ok, workspaceAction } from "@/lib/actions/action-client";
import { getPaymentsProvider } from "@/lib/payments";
import { listCardsOnFile } from "@/lib/payments/saved-card";
import { startAddingCardInput } from "@/lib/validation/payment-methods";

/** The card Purchase Credits charges: the workspace's default card (null: none on file, so Checkout). */
export const getCardOnFileAction = workspaceAction(
  { input: startAddingCardInput, permission: "credits:purchase" },
  async (ctx) => {
    const cards = await listCardsOnFile(ctx, getPaymentsProvider(), ctx.workspace);
    const card = cards.find((c) => c.isDefault);
    return ok(card ? { id: card.id, brand: card.brand, last4: card.last4 } : null);
  },
);
