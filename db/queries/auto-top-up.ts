// Auto top-up: the workspace's settings and card (one row, kept when switched off so the dialog
// remembers the last values), and the auto top-up purchases the spend trigger starts (its attempts).
import "server-only";
import { and, desc, eq, gte, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import {
  autoTopUpSettings,
  creditPurchases,
  workspaces,
  type CreditPurchase,
  type NewAutoTopUpSettings,
  type NewCreditPurchase,
} from "@/db/schema";
import { listPendingPurchases } from "./purchases";

export async function getAutoTopUpSettings(
  db: Executor,
  workspaceId: string,
  options: { forUpdate?: boolean } = {},
) {
  const query = db.select().from(autoTopUpSettings).where(eq(autoTopUpSettings.workspaceId, workspaceId));
  const [settings] = options.forUpdate ? await query.for("update") : await query;
  return settings ?? null;
}

/** A workspace's first settings (without a card, so they cannot switch auto top-up on yet). */
export async function createAutoTopUpSettings(db: Executor, settings: NewAutoTopUpSettings): Promise<void> {
  await db.insert(autoTopUpSettings).values(settings);
}

export async function updateAutoTopUpSettings(
  db: Executor,
  workspaceId: string,
  changes: Partial<Omit<NewAutoTopUpSettings, "workspaceId">>,
): Promise<void> {
  await db.update(autoTopUpSettings).set(changes).where(eq(autoTopUpSettings.workspaceId, workspaceId));
}

/** Switches auto top-up off, saying why; false when it was off already. */
export async function switchOffAutoTopUp(
  db: Executor,
  workspaceId: string,
  off: { reason: string; at: Date },
): Promise<boolean> {
  const switched = await db
    .update(autoTopUpSettings)
    .set({ isEnabled: false, disabledReason: off.reason, disabledAt: off.at })
    .where(and(eq(autoTopUpSettings.workspaceId, workspaceId), eq(autoTopUpSettings.isEnabled, true)))
    .returning({ workspaceId: autoTopUpSettings.workspaceId });
  return switched.length > 0;
}

/** Counts a failed auto top-up charge; the count after it, and whether auto top-up is still on. */
export async function countAutoTopUpFailure(db: Executor, workspaceId: string) {
  const [counted] = await db
    .update(autoTopUpSettings)
    .set({ consecutiveFailures: sql`${autoTopUpSettings.consecutiveFailures} + 1` })
    .where(eq(autoTopUpSettings.workspaceId, workspaceId))
    .returning({
      consecutiveFailures: autoTopUpSettings.consecutiveFailures,
      isEnabled: autoTopUpSettings.isEnabled,
    });
  return counted ?? null;
}

/** Makes `card` the one auto top-ups charge; a workspace without settings gets `defaults` with it. */
export async function saveAutoTopUpCard(
  db: Executor,
  workspaceId: string,
  card: Pick<
    NewAutoTopUpSettings,
    | "provider"
    | "paymentMethodId"
    | "paymentMethodBrand"
    | "paymentMethodLast4"
    | "updatedByUserId"
    | "updatedAt"
  >,
  defaults: Pick<NewAutoTopUpSettings, "threshold" | "credits" | "amountCents">,
): Promise<void> {
  await db
    .insert(autoTopUpSettings)
    .values({ workspaceId, ...defaults, ...card })
    .onConflictDoUpdate({ target: autoTopUpSettings.workspaceId, set: card });
}

/**
 * Auto top-up charges since `since` that count against the monthly cap, in cents (pass the start of
 * the month in the workspace's time zone).
 */
export async function autoTopUpSpendSince(db: Executor, workspaceId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ cents: sql<string>`coalesce(sum(${creditPurchases.amountCents}), 0)` })
    .from(creditPurchases)
    .where(
      and(
        eq(creditPurchases.workspaceId, workspaceId),
        eq(creditPurchases.kind, "auto_top_up"),
        gte(creditPurchases.createdAt, since),
        // The same rule as the trigger: paid, in flight, or waiting for the owner to authenticate.
        or(
          inArray(creditPurchases.status, ["pending", "paid"]),
          and(
            eq(creditPurchases.status, "failed"),
            eq(creditPurchases.failureCode, "authentication_required"),
          ),
        ),
      ),
    );
  return Number(row?.cents ?? 0);
}

export async function getLastAutoTopUp(db: Executor, workspaceId: string) {
  const [purchase] = await db
    .select()
    .from(creditPurchases)
    .where(and(eq(creditPurchases.workspaceId, workspaceId), eq(creditPurchases.kind, "auto_top_up")))
    .orderBy(desc(creditPurchases.createdAt), desc(creditPurchases.id))
    .limit(1);
  return purchase ?? null;
}

/**
 * An owner's "Retry now" after a declined auto top-up: starts the next attempt under the spend
 * trigger's rules (cp_retry_auto_top_up) and returns its id, or null when none may start (the balance
 * is not below the threshold, auto top-up is off, an attempt is in flight, or the cap is reached).
 */
export async function retryAutoTopUp(db: Executor, workspaceId: string, now: Date): Promise<string | null> {
  const rows = await db.execute<{ id: string | null }>(
    sql`select cp_retry_auto_top_up(${workspaceId}::uuid, ${now.toISOString()}::timestamptz) as id`,
  );
  return rows[0]?.id ?? null;
}

/** An auto top-up attempt with its workspace and the workspace's settings (null if there are none). */
export async function getAutoTopUpAttempt(db: Executor, purchaseId: string) {
  const [attempt] = await db
    .select({ purchase: creditPurchases, settings: autoTopUpSettings, workspace: workspaces })
    .from(creditPurchases)
    .innerJoin(workspaces, eq(workspaces.id, creditPurchases.workspaceId))
    .leftJoin(autoTopUpSettings, eq(autoTopUpSettings.workspaceId, creditPurchases.workspaceId))
    .where(and(eq(creditPurchases.id, purchaseId), eq(creditPurchases.kind, "auto_top_up")));
  return attempt ?? null;
}

/**
 * Links an attempt to the PaymentIntent its charge made. The first one stays: a charge run twice
 * names the same PaymentIntent anyway.
 */
export async function setAttemptPaymentIntent(
  db: Executor,
  purchaseId: string,
  charge: { paymentIntentId: string; provider: NewCreditPurchase["provider"]; at: Date },
): Promise<void> {
  await db
    .update(creditPurchases)
    .set({ paymentIntentId: charge.paymentIntentId, provider: charge.provider, updatedAt: charge.at })
    .where(and(eq(creditPurchases.id, purchaseId), isNull(creditPurchases.paymentIntentId)));
}

/** Attempts still pending and never charged, started before `createdBefore`: all, or one workspace's. */
export async function listUnchargedAutoTopUps(
  db: Executor,
  options: { createdBefore: Date; workspaceId?: string },
): Promise<CreditPurchase[]> {
  return listPendingPurchases(
    db,
    options.workspaceId,
    and(
      eq(creditPurchases.kind, "auto_top_up"),
      isNull(creditPurchases.paymentIntentId),
      lt(creditPurchases.createdAt, options.createdBefore),
    ),
  );
}

/**
 * Gives up every attempt still pending that was last changed before `updatedBefore` (charged, but
 * its outcome never came); how many.
 */
export async function expireUnconfirmedAutoTopUps(
  db: Executor,
  options: { updatedBefore: Date; at: Date },
): Promise<number> {
  const expired = await db
    .update(creditPurchases)
    .set({
      status: "expired",
      failureCode: "no_confirmation",
      failureMessage: "The payment provider never confirmed this charge.",
      updatedAt: options.at,
    })
    .where(
      and(
        eq(creditPurchases.kind, "auto_top_up"),
        eq(creditPurchases.status, "pending"),
        lt(creditPurchases.updatedAt, options.updatedBefore),
      ),
    )
    .returning({ id: creditPurchases.id });
  return expired.length;
}
