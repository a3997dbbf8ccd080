// Two scenes of the demo that read the data before writing: Leo close to his limit, and a declined
// purchase. Both are told once, however often the seed runs.
import type { Database } from "@/db";
import { hasAuditEventsFor, recordAudit } from "@/db/queries/audit";
import { getMember, getMemberUsedInMonth, setMemberLimit } from "@/db/queries/members";
import { createPurchaseOnce } from "@/db/queries/purchases";
import { monthStartIn } from "@/lib/billing/auto-top-up";
import type { ManualClock } from "@/lib/clock";
import type { Deps } from "@/lib/deps";
import { spend } from "@/lib/ledger";
import { systemKey } from "@/lib/ledger/keys";
import { raiseCreditEvent } from "@/db/queries/credit-events";

/** What Leo has used of his limit by the time the story is told: enough that "near" reads as near. */
const LEO_USED_THIS_MONTH = 1_500;
/** At most this many generations are added to reach it (the loop is bounded whatever the data). */
const LEO_MAX_EXTRA = 40;

/**
 * Leo works close to his limit, on whatever day the demo is loaded: once, on first seed, he makes
 * generations earlier this month (in the workspace's time zone, between the last story spend and
 * now) until he has used at least 1,500 credits of it, then the owner sets his limit a little above
 * that (so he has used about 90% of it, never under 80%) and that change is in the audit log like any other. On the
 * 1st of a month at 00:30 the month is half an hour old, so the generations fit in that half hour.
 */
export async function tellTheLimitStory(
  ctx: Deps & { clock: ManualClock },
  workspace: { id: string; timeZone: string },
  memberIds: string[],
  ownerUserId: string | null,
  now: Date,
) {
  const { db } = ctx;
  const workspaceId = workspace.id;
  const leo = memberIds[3];
  if (!leo) return;
  if (await hasAuditEventsFor(db, workspaceId, leo)) return;

  const monthStart = monthStartIn(workspace.timeZone, now).getTime();
  const from = Math.max(monthStart, ctx.clock.now().getTime() + 1);
  let used = await getMemberUsedInMonth(db, leo, workspace.timeZone, now);
  for (let k = 0; k < LEO_MAX_EXTRA && used < LEO_USED_THIS_MONTH; k += 1) {
    ctx.clock.set(new Date(from + Math.floor(((now.getTime() - from) * (k + 1)) / (LEO_MAX_EXTRA + 1))));
    const outcome = await spend(ctx, {
      workspaceId,
      membershipId: leo,
      feature: "image",
      model: "imagine-pro",
      settings: {},
      results: 2,
      idempotencyKey: systemKey("seed", workspaceId, `leo-this-month:${k}`),
    });
    if (!outcome.ok) break; // at his current limit: near enough
    used += outcome.amount;
  }

  used = await getMemberUsedInMonth(db, leo, workspace.timeZone, now);
  const limit = Math.max(1_000, Math.ceil((used * 1.1) / 100) * 100);
  const before = await getMember(db, workspaceId, leo);
  await db.transaction(async (tx) => {
    await setMemberLimit(tx, workspaceId, leo, limit);
    await recordAudit(tx, {
      workspaceId,
      actorUserId: ownerUserId,
      action: "member.limit_changed",
      targetType: "member",
      targetId: leo,
      targetLabel: "leo@northwind.test",
      before: { monthlyLimit: before?.membership.monthlyLimit ?? null },
      after: { monthlyLimit: limit },
      at: ctx.clock.now(),
    });
  });
}

/**
 * A purchase the owner tried ten days in, declined by the card: it shows in the invoices (test mode)
 * and as a "Payment failed" notification, as a real one would.
 */
export async function declineOnePurchase(db: Database, workspaceId: string, ownerUserId: string, at: Date) {
  const sessionId = `cs_test_demo_declined_${workspaceId.replaceAll("-", "").slice(0, 12)}`;
  await db.transaction(async (tx) => {
    const purchase = await createPurchaseOnce(tx, {
      workspaceId,
      provider: "test",
      credits: 10_000,
      amountCents: 10_000,
      status: "failed",
      checkoutSessionId: sessionId,
      failureCode: "card_declined",
      failureMessage: "Your card has insufficient funds.",
      createdByUserId: ownerUserId,
      createdAt: at,
      updatedAt: at,
    });
    if (!purchase) return; // told already
    await raiseCreditEvent(tx, {
      workspaceId,
      type: "credit_purchase_failed",
      dedupeKey: `purchase-failed:${purchase.id}`,
      payload: {
        purchaseId: purchase.id,
        credits: purchase.credits,
        amountCents: purchase.amountCents,
        currency: purchase.currency,
        kind: "one_time",
        reason: "insufficient_funds",
        message: "Your card has insufficient funds.",
      },
      at,
    });
  });
}
