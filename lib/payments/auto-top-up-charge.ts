// Charging an auto top-up, from the job queue and outside the spend that started it. The spend's
// trigger (migration auto_top_up_trigger) inserted one pending auto_top_up purchase and woke the
// worker; this charges the workspace's saved card off-session, once per attempt (the idempotency
// key is the purchase id), and leaves the outcome to the webhook handling: credits are added only
// from a verified payment_intent.succeeded. A failure the charge call answers is recorded at once
// as well (the same failPurchase the webhook uses; whichever comes second is a no-op).
import "server-only";
import { and, asc, eq, isNull, lt } from "drizzle-orm";
import type { Database } from "@/db";
import {
  autoTopUpSettings,
  creditPurchases,
  memberships,
  users,
  workspaces,
  type CreditPurchase,
  type Workspace,
} from "@/db/schema";
import { setAutoTopUpThreshold } from "@/db/queries/credit-accounts";
import { recordAudit } from "@/db/queries/audit";
import { allowsAutoTopUp } from "@/lib/billing/auto-top-up";
import { getPaymentsProvider, type PaymentsProvider } from "./index";
import { ensureWorkspaceCustomer } from "./customer";
import { failPurchase } from "./fulfilment";
import { systemKey } from "@/lib/ledger/keys";
import type { Deps } from "@/lib/deps";

export type AutoTopUpContext = Deps & { provider?: PaymentsProvider };

export type AttemptOutcome =
  "not_pending" | "charged" | "failed" | "processing" | "waiting_for_webhook" | "cancelled";

/** Attempts still pending this long after their charge are given up (a webhook never came). */
export const CONFIRMATION_TIMEOUT_MS = 30 * 60_000;
/** Pending attempts never charged after this long were missed by the wake-up: the sweep runs them. */
export const SWEEP_AFTER_MS = 15_000;

export function attemptIdempotencyKey(purchaseId: string): string {
  return systemKey("auto-top-up", purchaseId);
}

async function ownerEmail(db: Database, workspaceId: string): Promise<string> {
  const [owner] = await db
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.workspaceId, workspaceId),
        eq(memberships.role, "owner"),
        isNull(memberships.removedAt),
      ),
    )
    .orderBy(asc(memberships.createdAt), asc(memberships.id))
    .limit(1);
  return owner?.email ?? "";
}

async function cancel(ctx: AutoTopUpContext, purchase: CreditPurchase, message: string) {
  const now = ctx.clock.now();
  await ctx.db
    .update(creditPurchases)
    .set({ status: "expired", failureCode: "auto_top_up_off", failureMessage: message, updatedAt: now })
    .where(and(eq(creditPurchases.id, purchase.id), eq(creditPurchases.status, "pending")));
}

async function switchOffForPlan(ctx: AutoTopUpContext, workspace: Workspace) {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const switched = await tx
      .update(autoTopUpSettings)
      .set({ isEnabled: false, disabledReason: "plan", disabledAt: now })
      .where(and(eq(autoTopUpSettings.workspaceId, workspace.id), eq(autoTopUpSettings.isEnabled, true)))
      .returning({ workspaceId: autoTopUpSettings.workspaceId });
    if (switched.length === 0) return;
    await setAutoTopUpThreshold(tx, workspace.id, null);
    await recordAudit(tx, {
      workspaceId: workspace.id,
      actorUserId: null,
      action: "auto_top_up.changed",
      targetType: "auto_top_up",
      targetId: workspace.id,
      targetLabel: workspace.name,
      before: { enabled: true },
      after: { enabled: false, reason: "plan", plan: workspace.plan },
      at: now,
    });
  });
}

/** Charges one pending auto top-up attempt. Safe to run twice or on two workers at once. */
export async function runAutoTopUpAttempt(
  ctx: AutoTopUpContext,
  purchaseId: string,
): Promise<AttemptOutcome> {
  const [row] = await ctx.db
    .select({ purchase: creditPurchases, settings: autoTopUpSettings, workspace: workspaces })
    .from(creditPurchases)
    .innerJoin(workspaces, eq(workspaces.id, creditPurchases.workspaceId))
    .leftJoin(autoTopUpSettings, eq(autoTopUpSettings.workspaceId, creditPurchases.workspaceId))
    .where(and(eq(creditPurchases.id, purchaseId), eq(creditPurchases.kind, "auto_top_up")));
  if (!row || row.purchase.status !== "pending") return "not_pending";
  const { purchase, settings, workspace } = row;
  if (purchase.paymentIntentId) return "waiting_for_webhook";
  if (!settings?.isEnabled || !settings.paymentMethodId) {
    await cancel(ctx, purchase, "Auto top-up was switched off before the charge.");
    return "cancelled";
  }
  if (!allowsAutoTopUp(workspace)) {
    // The plan changed under it: switch auto top-up off so spends stop starting attempts.
    await cancel(ctx, purchase, "The workspace's plan no longer includes auto top-up.");
    await switchOffForPlan(ctx, workspace);
    return "cancelled";
  }
  const provider = ctx.provider ?? getPaymentsProvider();
  const customerId = await ensureWorkspaceCustomer(
    ctx.db,
    provider,
    workspace,
    await ownerEmail(ctx.db, workspace.id),
  );
  const charge = await provider.chargeOffSession(
    {
      workspace,
      purchaseId: purchase.id,
      customerId,
      paymentMethodId: settings.paymentMethodId,
      credits: purchase.credits,
      amountCents: purchase.amountCents,
      currency: purchase.currency,
      idempotencyKey: attemptIdempotencyKey(purchase.id),
    },
    { db: ctx.db, clock: ctx.clock },
  );
  if (charge.paymentIntentId) {
    await ctx.db
      .update(creditPurchases)
      .set({ paymentIntentId: charge.paymentIntentId, provider: provider.mode, updatedAt: ctx.clock.now() })
      .where(and(eq(creditPurchases.id, purchase.id), isNull(creditPurchases.paymentIntentId)));
  }
  if (charge.status === "failed") {
    await failPurchase(
      { db: ctx.db, clock: ctx.clock },
      { purchaseId: purchase.id, paymentIntentId: charge.paymentIntentId },
      {
        status: "failed",
        code: charge.code,
        message: charge.message,
        eventId: `charge:${charge.paymentIntentId ?? purchase.id}`,
      },
    );
    return "failed";
  }
  return charge.status === "succeeded" ? "charged" : "processing";
}

/**
 * The backstop for the wake-up: pending attempts nobody charged (the notification was missed, the
 * worker was down) are returned to be run, and attempts charged long ago whose outcome never came
 * are given up so the next spend below the threshold can start a new one.
 */
export async function sweepAutoTopUps(ctx: AutoTopUpContext): Promise<{ due: string[]; timedOut: number }> {
  const now = ctx.clock.now();
  const due = await ctx.db
    .select({ id: creditPurchases.id })
    .from(creditPurchases)
    .where(
      and(
        eq(creditPurchases.kind, "auto_top_up"),
        eq(creditPurchases.status, "pending"),
        isNull(creditPurchases.paymentIntentId),
        lt(creditPurchases.createdAt, new Date(now.getTime() - SWEEP_AFTER_MS)),
      ),
    );
  const timedOut = await ctx.db
    .update(creditPurchases)
    .set({
      status: "expired",
      failureCode: "no_confirmation",
      failureMessage: "The payment provider never confirmed this charge.",
      updatedAt: now,
    })
    .where(
      and(
        eq(creditPurchases.kind, "auto_top_up"),
        eq(creditPurchases.status, "pending"),
        lt(creditPurchases.updatedAt, new Date(now.getTime() - CONFIRMATION_TIMEOUT_MS)),
      ),
    )
    .returning({ id: creditPurchases.id });
  return { due: due.map((r) => r.id), timedOut: timedOut.length };
}
