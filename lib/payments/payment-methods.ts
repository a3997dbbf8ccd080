// The rules around the workspace's cards on file that are not the provider's: which card may be
// removed, and keeping auto top-up on the workspace's default card (the one the subscription and
// purchases use) whenever the default changes.
import "server-only";
import type { Executor } from "@/db";
import { getAutoTopUpSettings, updateAutoTopUpSettings } from "@/db/queries/auto-top-up";
import type { Workspace } from "@/db/schema";
import { hasActiveSubscription } from "@/lib/billing/plans";
import type { PaymentsMode, SavedCard } from "./types";

/** "visa •••• 4242", as the audit log and messages name a card. */
export function cardLabel(card: { brand: string; last4: string }): string {
  return `${card.brand} •••• ${card.last4}`;
}

/**
 * Why this card may not be removed (null: it may). The default card is the one the subscription's
 * invoices, purchases and auto top-up charge, so it is removed last: while other cards are on file
 * one of them must be made the default first, and while a subscription or auto top-up charges it,
 * another card must be added and made the default first.
 */
export function whyCardIsKept(
  card: SavedCard,
  cards: readonly SavedCard[],
  workspace: Pick<Workspace, "subscriptionStatus">,
  isAutoTopUpOn: boolean,
): string | null {
  if (!card.isDefault) return null;
  const charges = hasActiveSubscription(workspace)
    ? "the subscription"
    : isAutoTopUpOn
      ? "auto top-up"
      : null;
  if (cards.length > 1)
    return `This is the default card${charges ? `, which ${charges} charges` : ""}. Make another card the default first.`;
  if (charges) return `This card pays for ${charges}. Add another card and make it the default first.`;
  return null;
}

/** Auto top-up charges the default card: follow it when it changes (nothing when auto top-up was never set up). */
export async function followDefaultCard(
  db: Executor,
  workspaceId: string,
  provider: PaymentsMode,
  card: Pick<SavedCard, "id" | "brand" | "last4"> | null,
  at: Date,
): Promise<void> {
  const settings = await getAutoTopUpSettings(db, workspaceId, { forUpdate: true });
  if (!settings || settings.paymentMethodId === (card?.id ?? null)) return;
  // Auto top-up that is on keeps its card until there is another one to charge.
  if (!card && settings.isEnabled) return;
  await updateAutoTopUpSettings(db, workspaceId, {
    provider: card ? provider : settings.provider,
    paymentMethodId: card?.id ?? null,
    paymentMethodBrand: card?.brand ?? null,
    paymentMethodLast4: card?.last4 ?? null,
    updatedAt: at,
  });
}
