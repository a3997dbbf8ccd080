// Issue 17, points 10 and 13: "Retry now" after a declined auto top-up goes through the same rules
// and charge path as a spend below the threshold (one attempt in flight, only while still below the
// threshold, failures counted); and leaving Enterprise, or its subscription ending, stops auto top-up.
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { autoTopUpSettings, workspaces } from "@/db/schema";
import { retryAutoTopUpAction } from "@/lib/actions/credits/retry-auto-top-up";
import { saveCardAction } from "@/lib/actions/credits/save-card";
import { runDueCycles } from "@/lib/jobs/cycles";
import { getBalance } from "@/lib/ledger";
import { runAutoTopUpAttempt } from "@/lib/payments/auto-top-up-charge";
import { applySubscriptionState } from "@/lib/subscriptions/apply-state";
import { actAs } from "../../support/actions";
import {
  accountOf,
  autoTopUps,
  enableAutoTopUp,
  enterpriseTeam,
  settingsOf,
  spendCredits,
} from "../../support/auto-top-up";
import { ensureTestRates, fund, testContext, testDb } from "../../support/db";

beforeAll(async () => {
  await ensureTestRates();
});

type Team = Awaited<ReturnType<typeof enterpriseTeam>>;

/** Enterprise with auto top-up on (below 1,000 buy 5,000) and the declining card; the first charge declined. */
async function declined() {
  const ctx = testContext(new Date());
  const team = await enterpriseTeam();
  await enableAutoTopUp(team, {
    threshold: 1_000,
    credits: 5_000,
    card: "pm_card_chargeDeclinedInsufficientFunds",
  });
  await fund(ctx, team.workspace.id, 1_200);
  await spendCredits(ctx, team.workspace.id, team.owner.membership.id, 300);
  const [attempt] = await autoTopUps(team.workspace.id);
  expect(await runAutoTopUpAttempt(ctx, attempt!.id)).toBe("failed");
  return { ctx, team };
}

function retry(team: Team) {
  actAs(team.owner.user);
  return retryAutoTopUpAction({ workspaceId: team.workspace.id });
}

describe("Retry now", () => {
  it("with the same card: one more attempt, declined, counted, and said", async () => {
    const { team } = await declined();
    const result = await retry(team);
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: "conflict",
        message:
          "The retry did not go through either (declined: insufficient funds). Update the card, then retry.",
      },
    });
    const attempts = await autoTopUps(team.workspace.id);
    expect(attempts.map((a) => a.status)).toEqual(["failed", "failed"]);
    expect(await settingsOf(team.workspace.id)).toMatchObject({ isEnabled: true, consecutiveFailures: 2 });
  });

  it("after the card is updated: charged through the same path, and the credits arrive once", async () => {
    const { ctx, team } = await declined();
    actAs(team.owner.user);
    expect(
      (await saveCardAction({ workspaceId: team.workspace.id, testPaymentMethod: "pm_card_visa" })).ok,
    ).toBe(true);
    const result = await retry(team);
    expect(result).toMatchObject({ ok: true, data: { status: "paid", credits: 5_000 } });
    expect((await getBalance(ctx, team.workspace.id))?.total).toBe(900 + 5_000);
    expect((await autoTopUps(team.workspace.id)).map((a) => a.status)).toEqual(["failed", "paid"]);

    // Above the threshold now: nothing to retry, and nothing is started.
    expect(await retry(team)).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(await autoTopUps(team.workspace.id)).toHaveLength(2);
  });

  it("two retries at once start one attempt (the one-in-flight rule holds)", async () => {
    const { team } = await declined();
    actAs(team.owner.user);
    await saveCardAction({ workspaceId: team.workspace.id, testPaymentMethod: "pm_card_visa" });
    const results = await Promise.all([retry(team), retry(team), retry(team)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await autoTopUps(team.workspace.id)).filter((a) => a.status === "paid")).toHaveLength(1);
  });

  it("is refused while auto top-up is off, and for members", async () => {
    const { team } = await declined();
    await testDb()
      .update(autoTopUpSettings)
      .set({ isEnabled: false })
      .where(eq(autoTopUpSettings.workspaceId, team.workspace.id));
    expect(await retry(team)).toMatchObject({ ok: false, error: { code: "conflict" } });
    actAs(team.member.user);
    expect(await retryAutoTopUpAction({ workspaceId: team.workspace.id })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(await autoTopUps(team.workspace.id)).toHaveLength(1);
  });
});

describe("leaving Enterprise stops auto top-up", () => {
  /** An Enterprise subscription started at `at` (through the subscription's own path), auto top-up on. */
  async function subscribedEnterprise(at: string) {
    const ctx = testContext(at);
    const team = await enterpriseTeam();
    await testDb()
      .update(workspaces)
      .set({ subscriptionStatus: "none" })
      .where(eq(workspaces.id, team.workspace.id));
    const state = {
      workspaceId: team.workspace.id,
      subscriptionId: `sub_${randomUUID()}`,
      status: "active" as const,
      plan: "enterprise" as const,
      interval: "month" as const,
      cancelAtPeriodEnd: false,
      actorUserId: null,
    };
    expect(await applySubscriptionState(ctx, state)).toBe("started");
    await enableAutoTopUp(team, { threshold: 1_000, credits: 5_000 });
    return { ctx, team, state };
  }

  /** Spends the balance down to `left` credits, in generations the test rate card prices exactly. */
  async function spendDownTo(ctx: ReturnType<typeof testContext>, team: Team, left: number) {
    let toSpend = ((await getBalance(ctx, team.workspace.id))?.total ?? 0) - left;
    while (toSpend > 0) {
      const size = [1_000, 100, 10, 1].find((unit) => toSpend >= unit) ?? 1;
      const chunk = Math.min(100 * size, Math.floor(toSpend / size) * size);
      await spendCredits(ctx, team.workspace.id, team.owner.membership.id, chunk);
      toSpend -= chunk;
    }
  }

  it("a downgrade to Pro switches it off when Pro starts, at the next monthly grant", async () => {
    const { ctx, team, state } = await subscribedEnterprise("2026-03-10T12:00:00Z");
    expect(await applySubscriptionState(ctx, { ...state, plan: "pro" })).toBe("downgrade_scheduled");
    // Still Enterprise until the renewal: auto top-up keeps working.
    expect(await settingsOf(team.workspace.id)).toMatchObject({ isEnabled: true });

    ctx.clock.set("2026-04-10T12:00:00Z");
    await runDueCycles(ctx, { workspaceIds: [team.workspace.id] });
    const [row] = await testDb().select().from(workspaces).where(eq(workspaces.id, team.workspace.id));
    expect(row!.plan).toBe("pro");
    expect(await settingsOf(team.workspace.id)).toMatchObject({ isEnabled: false, disabledReason: "plan" });
    expect((await accountOf(team.workspace.id)).autoTopUpThreshold).toBeNull();
    // The renewal's expiry dipped the balance before Pro's grant and started an attempt while still on
    // Enterprise; with auto top-up off it is cancelled, never charged.
    const started = await autoTopUps(team.workspace.id);
    for (const attempt of started) expect(await runAutoTopUpAttempt(ctx, attempt.id)).toBe("cancelled");
    // Spending far below the old threshold starts nothing.
    await spendDownTo(ctx, team, 500);
    expect((await getBalance(ctx, team.workspace.id))?.total).toBe(500);
    const after = await autoTopUps(team.workspace.id);
    expect(after).toHaveLength(started.length);
    expect(after.filter((a) => a.status === "paid")).toHaveLength(0);
  });

  it("the Enterprise subscription ending switches it off too", async () => {
    const { ctx, team, state } = await subscribedEnterprise("2026-03-10T12:00:00Z");
    expect(await applySubscriptionState(ctx, { ...state, status: "canceled" })).toBe("ended");
    expect(await settingsOf(team.workspace.id)).toMatchObject({ isEnabled: false, disabledReason: "plan" });
    expect((await accountOf(team.workspace.id)).autoTopUpThreshold).toBeNull();
  });
});
