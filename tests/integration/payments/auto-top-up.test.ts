// Auto top-up end to end on real PostgreSQL, in test mode (the stand-in emits the same signed
// Stripe-shaped webhooks): the spend trigger starts exactly one attempt however many spends cross
// the threshold, the job charges it, credits arrive only from the success webhook and only once,
// declines and authentication count as failures, three in a row switch it off, and the cap holds.
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditEvents,
  autoTopUpSettings,
  creditEvents,
  creditLots,
  ledgerEntries,
  workspaces,
} from "@/db/schema";
import { completeTestAuthenticationAction } from "@/lib/actions/credits/complete-test-authentication";
import { getAutoTopUpStatus } from "@/lib/credits/auto-top-up-status";
import { runAutoTopUpAttempt, sweepAutoTopUps } from "@/lib/payments/auto-top-up-charge";
import { getBalance, spend } from "@/lib/ledger";
import { verifyLedger } from "@/lib/ledger/verify";
import { getWebhookSecret } from "@/lib/payments";
import { handleStripeWebhook } from "@/lib/payments/webhooks";
import { actAs } from "../../support/actions";
import {
  accountOf,
  autoTopUps,
  enableAutoTopUp,
  enterpriseTeam,
  settingsOf,
  spendCredits,
} from "../../support/auto-top-up";
import { ensureTestRates, fund, testContext, testDb, unitGeneration } from "../../support/db";

beforeAll(async () => {
  await ensureTestRates();
});

type Team = Awaited<ReturnType<typeof enterpriseTeam>>;

async function events(workspaceId: string, type: string) {
  return testDb()
    .select()
    .from(creditEvents)
    .where(and(eq(creditEvents.workspaceId, workspaceId), eq(creditEvents.type, type as never)));
}

/** An Enterprise team with auto top-up on (below 1,000, buy 5,000) whose balance just fell to 900. */
async function crossedThreshold(
  options: Parameters<typeof enableAutoTopUp>[1] = {},
  before?: (team: Team) => Promise<void>,
) {
  const ctx = testContext(new Date());
  const team = await enterpriseTeam();
  await enableAutoTopUp(team, { threshold: 1_000, credits: 5_000, ...options });
  await fund(ctx, team.workspace.id, 1_200);
  await before?.(team);
  await spendCredits(ctx, team.workspace.id, team.owner.membership.id, 300);
  const [attempt] = await autoTopUps(team.workspace.id);
  return { ctx, team, attempt: attempt! };
}

describe("the trigger", () => {
  it("starts exactly one top-up when 50 parallel spends cross the threshold, and wakes the worker once", async () => {
    const ctx = testContext(new Date());
    const team = await enterpriseTeam();
    await enableAutoTopUp(team, { threshold: 1_000, credits: 5_000 });
    await fund(ctx, team.workspace.id, 1_500);
    const woken: string[] = [];
    const listener = await testDb().$client.listen("cp_auto_top_up", (id) => woken.push(id));

    // 50 spends of 20 credits: the balance falls from 1,500 to 500, crossing 1,000 on the 26th.
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () =>
        spend(ctx, {
          workspaceId: team.workspace.id,
          membershipId: team.owner.membership.id,
          ...unitGeneration(20),
          idempotencyKey: randomUUID(),
        }),
      ),
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const attempts = await autoTopUps(team.workspace.id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      status: "pending",
      credits: 5_000,
      amountCents: 5_000,
      provider: "test",
    });
    await expect.poll(() => woken.filter((id) => id === attempts[0]!.id).length).toBe(1);
    await listener.unlisten();
    expect((await getBalance(ctx, team.workspace.id))?.total).toBe(500);
  });

  it("starts nothing while the balance stays above the threshold, or when a spend is refused", async () => {
    const ctx = testContext(new Date());
    const team = await enterpriseTeam();
    await enableAutoTopUp(team, { threshold: 1_000, credits: 5_000 });
    await fund(ctx, team.workspace.id, 1_100);
    await spendCredits(ctx, team.workspace.id, team.owner.membership.id, 100);
    expect(await autoTopUps(team.workspace.id)).toHaveLength(0);
    const refused = await spend(ctx, {
      workspaceId: team.workspace.id,
      membershipId: team.owner.membership.id,
      ...unitGeneration(2_000),
      idempotencyKey: randomUUID(),
    });
    expect(refused.ok).toBe(false);
    expect(await autoTopUps(team.workspace.id)).toHaveLength(0);
  });
});

describe("a successful top-up", () => {
  it("adds never-expiring auto top-up credits once, from the success webhook, even when it is replayed", async () => {
    const { ctx, team, attempt } = await crossedThreshold({ threshold: 1_000, credits: 5_000 });

    expect(await runAutoTopUpAttempt(ctx, attempt.id)).toBe("charged");
    // Running the job again (a retry, a second worker) charges nothing more.
    expect(await runAutoTopUpAttempt(ctx, attempt.id)).toBe("not_pending");
    const [paid] = await autoTopUps(team.workspace.id);
    expect(paid).toMatchObject({ status: "paid" });
    expect(paid!.paymentIntentId).toMatch(/^pi_test_local_/);
    expect((await getBalance(ctx, team.workspace.id))?.total).toBe(900 + 5_000);

    // Replay the success webhook Stripe would send, with a new event id (a redelivery).
    const payload = JSON.stringify({
      id: `evt_${randomUUID().replaceAll("-", "")}`,
      object: "event",
      type: "payment_intent.succeeded",
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: paid!.paymentIntentId,
          object: "payment_intent",
          status: "succeeded",
          amount: 5_000,
          metadata: { purchaseId: paid!.id, workspaceId: team.workspace.id, kind: "auto_top_up" },
        },
      },
    });
    const secret = getWebhookSecret()!;
    const signer = new Stripe("sk_test_for_signing_only");
    for (let i = 0; i < 2; i++) {
      const signature = signer.webhooks.generateTestHeaderString({ payload, secret });
      const response = await handleStripeWebhook(ctx, payload, signature, secret);
      expect(response.status).toBe(200);
    }
    expect((await getBalance(ctx, team.workspace.id))?.total).toBe(900 + 5_000);

    const entries = await testDb()
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.workspaceId, team.workspace.id), eq(ledgerEntries.code, "auto_top_up")));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ amount: 5_000, idempotencyKey: `stripe:${paid!.paymentIntentId}` });
    const [lot] = await testDb().select().from(creditLots).where(eq(creditLots.grantEntryId, entries[0]!.id));
    expect(lot).toMatchObject({ type: "top_up", expiresAt: null, source: "auto_top_up" });
    const triggered = await events(team.workspace.id, "credit_auto_recharge_triggered");
    expect(triggered).toHaveLength(1);
    expect(triggered[0]!.payload).toMatchObject({ purchaseId: paid!.id, credits: 5_000, amountCents: 5_000 });
    expect(await verifyLedger(testDb(), { workspaceId: team.workspace.id })).toEqual([]);
  });
});

describe("failures", () => {
  it("records a decline with its reason, adds nothing, and the next spend below the threshold tries again", async () => {
    const { ctx, team, attempt } = await crossedThreshold({
      card: "pm_card_chargeDeclinedInsufficientFunds",
      threshold: 1_000,
    });
    expect(await runAutoTopUpAttempt(ctx, attempt.id)).toBe("failed");

    const [failed] = await autoTopUps(team.workspace.id);
    expect(failed).toMatchObject({ status: "failed", failureCode: "insufficient_funds" });
    expect((await getBalance(ctx, team.workspace.id))?.total).toBe(900);
    const failures = await events(team.workspace.id, "credit_purchase_failed");
    expect(failures).toHaveLength(1);
    expect(failures[0]!.payload).toMatchObject({
      kind: "auto_top_up",
      reason: "insufficient_funds",
      consecutiveFailures: 1,
      autoTopUpSwitchedOff: false,
    });
    expect((await settingsOf(team.workspace.id)).consecutiveFailures).toBe(1);

    await spendCredits(ctx, team.workspace.id, team.owner.membership.id, 10);
    expect(await autoTopUps(team.workspace.id)).toHaveLength(2);
  });

  it("asks the owner to authenticate, and credits arrive once they do", async () => {
    const { ctx, team, attempt } = await crossedThreshold({
      card: "pm_card_authenticationRequired",
      threshold: 1_000,
    });
    expect(await runAutoTopUpAttempt(ctx, attempt.id)).toBe("failed");

    const [failure] = await events(team.workspace.id, "credit_purchase_failed");
    expect(failure!.payload).toMatchObject({
      reason: "authentication_required",
      actionPath: `/w/${team.workspace.slug}/settings/billing/auto-top-up/${attempt.id}`,
    });
    const status = await getAutoTopUpStatus({ db: testDb(), now: new Date() }, team.workspace);
    expect(status.lastAttempt).toMatchObject({ id: attempt.id, needsAuthentication: true });

    // A member can't finish it; the owner can.
    actAs(team.member.user);
    expect(
      await completeTestAuthenticationAction({ workspaceId: team.workspace.id, purchaseId: attempt.id }),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });
    actAs(team.owner.user);
    const done = await completeTestAuthenticationAction({
      workspaceId: team.workspace.id,
      purchaseId: attempt.id,
    });
    expect(done).toEqual({ ok: true, data: { status: "paid" } });
    expect((await getBalance(ctx, team.workspace.id))?.total).toBe(900 + 5_000);
    expect((await settingsOf(team.workspace.id)).consecutiveFailures).toBe(0);
    expect(await events(team.workspace.id, "credit_auto_recharge_triggered")).toHaveLength(1);
    // Finishing twice adds nothing more.
    await completeTestAuthenticationAction({ workspaceId: team.workspace.id, purchaseId: attempt.id });
    expect((await getBalance(ctx, team.workspace.id))?.total).toBe(900 + 5_000);
  });

  it("switches itself off after three failed charges in a row, and says so", async () => {
    const ctx = testContext(new Date());
    const team = await enterpriseTeam();
    await enableAutoTopUp(team, { card: "pm_card_chargeDeclinedInsufficientFunds", threshold: 1_000 });
    await fund(ctx, team.workspace.id, 1_050);
    for (let i = 0; i < 3; i++) {
      await spendCredits(ctx, team.workspace.id, team.owner.membership.id, 100);
      const pending = (await autoTopUps(team.workspace.id)).filter((p) => p.status === "pending");
      expect(pending).toHaveLength(1);
      expect(await runAutoTopUpAttempt(ctx, pending[0]!.id)).toBe("failed");
    }
    const settings = await settingsOf(team.workspace.id);
    expect(settings).toMatchObject({
      isEnabled: false,
      disabledReason: "three_failed_charges",
      consecutiveFailures: 3,
    });
    expect((await accountOf(team.workspace.id)).autoTopUpThreshold).toBeNull();
    const failures = await events(team.workspace.id, "credit_purchase_failed");
    expect(
      failures.map((f) => (f.payload as { autoTopUpSwitchedOff: boolean }).autoTopUpSwitchedOff).sort(),
    ).toEqual([false, false, true]);
    const audits = await testDb()
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.workspaceId, team.workspace.id), eq(auditEvents.action, "auto_top_up.changed")),
      )
      .orderBy(auditEvents.id);
    expect(audits.at(-1)).toMatchObject({
      actorUserId: null,
      after: { enabled: false, reason: "three_failed_charges" },
    });
    const status = await getAutoTopUpStatus({ db: testDb(), now: new Date() }, team.workspace);
    expect(status).toMatchObject({ isEnabled: false, switchedOffAfterFailures: true });

    // Off means off: further spends start nothing.
    await spendCredits(ctx, team.workspace.id, team.owner.membership.id, 100);
    expect(await autoTopUps(team.workspace.id)).toHaveLength(3);
  });

  it("cancels an attempt whose auto top-up was switched off before the job ran", async () => {
    const { ctx, team, attempt } = await crossedThreshold();
    await testDb()
      .update(autoTopUpSettings)
      .set({ isEnabled: false })
      .where(eq(autoTopUpSettings.workspaceId, team.workspace.id));
    expect(await runAutoTopUpAttempt(ctx, attempt.id)).toBe("cancelled");
    expect((await autoTopUps(team.workspace.id))[0]).toMatchObject({
      status: "expired",
      failureCode: "auto_top_up_off",
    });
    expect((await getBalance(ctx, team.workspace.id))?.total).toBe(900);
  });
});

describe("a plan without auto top-up", () => {
  it("cancels the attempt and switches auto top-up off once the workspace is no longer on Enterprise", async () => {
    const { ctx, team, attempt } = await crossedThreshold({}, async (t) => {
      await testDb().update(workspaces).set({ plan: "pro" }).where(eq(workspaces.id, t.workspace.id));
    });
    expect(await runAutoTopUpAttempt(ctx, attempt.id)).toBe("cancelled");
    expect(await settingsOf(team.workspace.id)).toMatchObject({ isEnabled: false, disabledReason: "plan" });
    expect((await accountOf(team.workspace.id)).autoTopUpThreshold).toBeNull();
    await spendCredits(ctx, team.workspace.id, team.owner.membership.id, 10);
    expect(await autoTopUps(team.workspace.id)).toHaveLength(1);
  });
});

describe("the monthly cap", () => {
  it("never starts an attempt that would pass it, says so, and allows top-ups again next month", async () => {
    // 2026-03-31 23:00 in New York is already April in UTC: the month is the workspace's.
    const ctx = testContext("2026-03-15T12:00:00Z");
    const team = await enterpriseTeam();
    await testDb()
      .update(workspaces)
      .set({ timeZone: "America/New_York" })
      .where(eq(workspaces.id, team.workspace.id));
    await enableAutoTopUp(team, { threshold: 1_000, credits: 1_000, monthlyCapCents: 2_500 });
    await fund(ctx, team.workspace.id, 1_100);
    for (let i = 0; i < 2; i++) {
      await spendCredits(ctx, team.workspace.id, team.owner.membership.id, 200);
      const pending = (await autoTopUps(team.workspace.id)).filter((p) => p.status === "pending");
      expect(pending).toHaveLength(1);
      expect(await runAutoTopUpAttempt(ctx, pending[0]!.id)).toBe("charged");
      // Back below the threshold for the next round.
      await spendCredits(ctx, team.workspace.id, team.owner.membership.id, 1_000);
    }
    // $20 of $25 used: a third $10 top-up would pass the cap.
    const before = await autoTopUps(team.workspace.id);
    await spendCredits(ctx, team.workspace.id, team.owner.membership.id, 10);
    expect(await autoTopUps(team.workspace.id)).toHaveLength(before.length);
    expect((await settingsOf(team.workspace.id)).capReachedAt).not.toBeNull();
    const status = await getAutoTopUpStatus(
      { db: testDb(), now: ctx.clock.now() },
      { ...team.workspace, timeZone: "America/New_York" },
    );
    expect(status).toMatchObject({ isCapReached: true, monthSpentCents: 2_000, monthlyCapCents: 2_500 });

    // 2026-04-01 03:00 UTC is still March 31 in New York: still capped.
    ctx.clock.set("2026-04-01T03:00:00Z");
    await spendCredits(ctx, team.workspace.id, team.owner.membership.id, 10);
    expect(await autoTopUps(team.workspace.id)).toHaveLength(before.length);
    // April in New York: a new month, a new cap.
    ctx.clock.set("2026-04-01T05:00:00Z");
    await spendCredits(ctx, team.workspace.id, team.owner.membership.id, 10);
    expect(await autoTopUps(team.workspace.id)).toHaveLength(before.length + 1);
  });
});

describe("the sweep", () => {
  it("returns attempts nobody charged, and gives up on ones whose outcome never came", async () => {
    const { ctx, team, attempt } = await crossedThreshold({ threshold: 1_000 });
    ctx.clock.advance(60_000);
    expect((await sweepAutoTopUps(ctx)).due).toContain(attempt.id);
    ctx.clock.advance(31 * 60_000);
    await sweepAutoTopUps(ctx);
    expect((await autoTopUps(team.workspace.id))[0]).toMatchObject({
      status: "expired",
      failureCode: "no_confirmation",
    });
  });
});
