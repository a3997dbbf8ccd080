import { getAutoTopUpSettings } from "@/db/queries/auto-top-up";
import type { Workspace } from "@/db/schema";
import { getClock } from "@/lib/clock";
import { getDb } from "@/lib/db";
import { getPaymentsProvider } from "@/lib/payments";
import { whyCardIsKept } from "@/lib/payments/payment-methods";
import { listCardsOnFile } from "@/lib/payments/saved-card";
import { PaymentMethods } from "./payment-methods";

type Props = { workspace: Workspace; publishableKey: string | null; isTestMode: boolean };

/**
 * Payment methods on Credits & Billing: the workspace customer's cards (read from Stripe, or the
 * test-mode stand-in), with why the default one can't be removed yet when it can't.
 */
export async function PaymentMethodsSection({ workspace, publishableKey, isTestMode }: Props) {
  const ctx = { db: getDb(), clock: getClock() };
  let cards: Awaited<ReturnType<typeof listCardsOnFile>> | null = null;
  try {
    cards = await listCardsOnFile(ctx, getPaymentsProvider(), workspace);
  } catch {
    // Stripe unreachable: the section says so instead of taking the page down.
    cards = null;
  }
  const settings = cards ? await getAutoTopUpSettings(ctx.db, workspace.id) : null;
  return (
    <PaymentMethods
      workspaceId={workspace.id}
      cards={
        cards?.map((card) => ({
          ...card,
          keptBecause: whyCardIsKept(card, cards ?? [], workspace, settings?.isEnabled ?? false),
        })) ?? null
      }
      publishableKey={publishableKey}
      isTestMode={isTestMode}
    />
  );
}
