// Stripe events already handled (stripe_events), so a replayed or duplicated event is acknowledged
// without doing its work again.
import "server-only";
import { eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { stripeEvents } from "@/db/schema";

export async function isStripeEventHandled(db: Executor, eventId: string): Promise<boolean> {
  const seen = await db
    .select({ id: stripeEvents.id })
    .from(stripeEvents)
    .where(eq(stripeEvents.id, eventId));
  return seen.length > 0;
}

/** Remembers a handled event; recording it twice (two deliveries at once) is a no-op. */
export async function recordStripeEvent(
  db: Executor,
  event: { id: string; type: string; receivedAt: Date },
): Promise<void> {
  await db.insert(stripeEvents).values(event).onConflictDoNothing();
}
