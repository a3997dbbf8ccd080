// Credits on a clock, driven through runDueCycles with an injected clock: exact boundaries,
// time zones and DST, month-end anchors, leap years, annual terms, catch-up and re-runs.
import "../support/actions";
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ledgerEntries, workspaces } from "@/db/schema";
import { applySubscriptionState } from "@/lib/subscriptions/apply-state";
import { monthlyGrantAt } from "@/lib/billing/schedule";
import { runDueCycles } from "@/lib/jobs/cycles";
import { getBalance, hold, spend } from "@/lib/ledger";
import { verifyLedger } from "@/lib/ledger/verify";
import { ensureTestRates, fund, makeWorkspace, testContext, testDb, unitGeneration } from "../support/db";

type Ctx = ReturnType<typeof testContext>;

async function grants(workspaceId: string) {
  return testDb()
    .select()
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.workspaceId, workspaceId),
        inArray(ledgerEntries.code, ["grant_free", "grant_subscription"]),
      ),
    )
    .orderBy(asc(ledgerEntries.id));
}

async function entries(workspaceId: string, code: "expire" | "grant_free" | "grant_subscription") {
  return testDb()
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.workspaceId, workspaceId), eq(ledgerEntries.code, code)))
    .orderBy(asc(ledgerEntries.id));
}

const run = (ctx: Ctx, workspaceId: string) => runDueCycles(ctx, { workspaceIds: [workspaceId] });

async function subscribe(
  ctx: Ctx,
  workspaceId: string,
  plan: "starter" | "pro" | "enterprise",
  interval: "month" | "quarter" | "year",
) {
  return applySubscriptionState(ctx, {
    workspaceId,
    subscriptionId: `sub_${randomUUID()}`,
    status: "active",
    plan,
    interval,
    cancelAtPeriodEnd: false,
    actorUserId: null,
  });
}

describe("free daily credits", () => {
  it("arrive at local midnight and expire at the next, exactly (T-1 ms, T, T+1 ms), in the workspace's zone", async () => {
    // Tokyo is UTC+9 all year: local midnight of 10 March is 15:00 UTC on 9 March.
    const ctx = testContext("2026-03-09T14:00:00Z");
    const { workspaceId } = await makeWorkspace({
      timeZone: "Asia/Tokyo",
      subscriptionStatus: "none",
      plan: "free",
    });
    await run(ctx, workspaceId); // 23:00 on 9 March in Tokyo: today's credits
    expect((await getBalance(ctx, workspaceId))?.byType.free).toEqual({
      amount: 100,
      nextExpiry: "2026-03-09T15:00:00.000Z",
    });
    ctx.clock.set("2026-03-09T14:59:59.999Z");
    await run(ctx, workspaceId);
    expect(await grants(workspaceId)).toHaveLength(1);
    expect((await getBalance(ctx, workspaceId))?.total).toBe(100);
    ctx.clock.set("2026-03-09T15:00:00.000Z");
    expect((await getBalance(ctx, workspaceId))?.total).toBe(0); // gone at T even before the job runs
    await run(ctx, workspaceId);
    ctx.clock.set("2026-03-09T15:00:00.001Z");
    await run(ctx, workspaceId);
    const all = await grants(workspaceId);
    expect(all.map((g) => [g.reference, g.amount])).toEqual([
      ["2026-03-09", 100],
      ["2026-03-10", 100],
    ]);
    expect((await entries(workspaceId, "expire")).map((e) => e.amount)).toEqual([-100]);
    expect(await getBalance(ctx, workspaceId)).toMatchObject({
      total: 100,
      byType: { free: { nextExpiry: "2026-03-10T15:00:00.000Z" } },
    });
  });

  it("catch up after three missed days with only today's credits, and a re-run grants nothing", async () => {
    const ctx = testContext("2026-05-01T10:00:00Z");
    const { workspaceId } = await makeWorkspace({
      timeZone: "Europe/Berlin",
      subscriptionStatus: "none",
      plan: "free",
    });
    await run(ctx, workspaceId);
    ctx.clock.set("2026-05-04T10:00:00Z"); // the scheduler was down on the 2nd and 3rd
    const report = await run(ctx, workspaceId);
    expect(report).toMatchObject({ freeGrants: 1, expired: 100 });
    expect(await run(ctx, workspaceId)).toMatchObject({ freeGrants: 0, expired: 0 });
    expect((await grants(workspaceId)).map((g) => g.reference)).toEqual(["2026-05-01", "2026-05-04"]);
    expect((await getBalance(ctx, workspaceId))?.total).toBe(100);
    expect(await verifyLedger(testDb(), { workspaceId })).toEqual([]);
  });

  it("are never given to a workspace with an active subscription", async () => {
    const ctx = testContext("2026-05-01T10:00:00Z");
    const { workspaceId } = await makeWorkspace({ subscriptionStatus: "active" });
    await run(ctx, workspaceId);
    expect(await entries(workspaceId, "grant_free")).toEqual([]);
  });
});

describe("subscription credits", () => {
  it("are granted monthly on an annual plan for 13 months from a 31 January anchor, each expiring at the next (no rollover)", async () => {
    const anchor = new Date("2027-01-31T09:00:00Z");
    const ctx = testContext(anchor);
    const { workspaceId } = await makeWorkspace({ subscriptionStatus: "none", plan: "free" });
    expect(await subscribe(ctx, workspaceId, "pro", "year")).toBe("started");
    for (let k = 1; k <= 13; k += 1) {
      const t = monthlyGrantAt(anchor, "UTC", k);
      ctx.clock.set(new Date(t.getTime() - 1));
      await run(ctx, workspaceId);
      expect((await entries(workspaceId, "grant_subscription")).length, `before grant ${k}`).toBe(k);
      ctx.clock.set(t);
      await run(ctx, workspaceId);
      ctx.clock.set(new Date(t.getTime() + 1));
      await run(ctx, workspaceId);
      expect((await entries(workspaceId, "grant_subscription")).length, `after grant ${k}`).toBe(k + 1);
    }
    const subscription = await entries(workspaceId, "grant_subscription");
    expect(subscription.map((g) => g.createdAt.toISOString().slice(0, 10))).toEqual([
      "2027-01-31",
      "2027-02-28",
      "2027-03-31",
      "2027-04-30",
      "2027-05-31",
      "2027-06-30",
      "2027-07-31",
      "2027-08-31",
      "2027-09-30",
      "2027-10-31",
      "2027-11-30",
      "2027-12-31",
      "2028-01-31",
      "2028-02-29",
    ]);
    expect(subscription.every((g) => g.amount === 50_000)).toBe(true);
    // No rollover: each month's unused credits expired exactly when the next arrived.
    const expired = await entries(workspaceId, "expire");
    expect(expired).toHaveLength(13);
    expect(expired.every((e) => e.amount === -50_000)).toBe(true);
    expect((await getBalance(ctx, workspaceId))?.byType.subscription.amount).toBe(50_000);
    // The annual term renewed after twelve grants.
    const [ws] = await testDb().select().from(workspaces).where(eq(workspaces.id, workspaceId));
    expect(ws?.currentTermEndsAt?.toISOString()).toBe("2029-01-31T09:00:00.000Z");
    expect(await verifyLedger(testDb(), { workspaceId })).toEqual([]);
  });

  it("keep the local time of day across DST and catch up to the current month only", async () => {
    const anchor = new Date("2026-01-15T14:00:00Z"); // 09:00 in New York (EST)
    const ctx = testContext(anchor);
    const { workspaceId } = await makeWorkspace({
      timeZone: "America/New_York",
      subscriptionStatus: "none",
      plan: "free",
    });
    await subscribe(ctx, workspaceId, "starter", "month");
    ctx.clock.set("2026-04-20T00:00:00Z"); // three grants were missed (Feb, Mar, Apr)
    const report = await run(ctx, workspaceId);
    expect(report.subscriptionGrants).toBe(1);
    const subscription = await entries(workspaceId, "grant_subscription");
    expect(subscription.map((g) => g.reference)).toEqual([
      "starter:2026-01-15T14:00:00.000Z",
      "starter:2026-04-15T13:00:00.000Z",
    ]);
    expect(await getBalance(ctx, workspaceId)).toMatchObject({
      byType: { subscription: { amount: 10_000, nextExpiry: "2026-05-15T13:00:00.000Z" } },
    });
    expect(await run(ctx, workspaceId)).toMatchObject({ subscriptionGrants: 0 });
  });

  it("upgrade at once with the difference for this month; downgrade at the next grant", async () => {
    const anchor = new Date("2026-06-01T00:00:00Z");
    const ctx = testContext(anchor);
    const { workspaceId } = await makeWorkspace({ subscriptionStatus: "none", plan: "free" });
    await subscribe(ctx, workspaceId, "starter", "month");
    ctx.clock.set("2026-06-10T00:00:00Z");
    expect(await subscribe(ctx, workspaceId, "pro", "month")).toBe("upgraded");
    expect(await getBalance(ctx, workspaceId)).toMatchObject({
      byType: { subscription: { amount: 50_000, nextExpiry: "2026-07-01T00:00:00.000Z" } },
    });
    ctx.clock.set("2026-06-20T00:00:00Z");
    expect(await subscribe(ctx, workspaceId, "starter", "month")).toBe("downgrade_scheduled");
    expect((await getBalance(ctx, workspaceId))?.byType.subscription.amount).toBe(50_000);
    ctx.clock.set("2026-07-01T00:00:00Z");
    await run(ctx, workspaceId);
    expect(await getBalance(ctx, workspaceId)).toMatchObject({
      byType: { subscription: { amount: 10_000 } },
    });
    const [ws] = await testDb().select().from(workspaces).where(eq(workspaces.id, workspaceId));
    expect(ws).toMatchObject({ plan: "starter", pendingPlan: null });
    expect(await verifyLedger(testDb(), { workspaceId })).toEqual([]);
  });

  it("stop when a cancelled term ends; top-ups stay spendable on Free-plan features only", async () => {
    await ensureTestRates();
    const anchor = new Date("2026-02-01T00:00:00Z");
    const ctx = testContext(anchor);
    const { workspaceId, ownerId } = await makeWorkspace({ subscriptionStatus: "none", plan: "free" });
    await subscribe(ctx, workspaceId, "starter", "quarter");
    await fund(ctx, workspaceId, 1_000);
    expect(
      await applySubscriptionState(ctx, {
        workspaceId,
        subscriptionId: "sub_x",
        status: "active",
        plan: "starter",
        interval: "quarter",
        cancelAtPeriodEnd: true,
        actorUserId: null,
      }),
    ).toBe("cancel_scheduled");
    ctx.clock.set("2026-03-01T00:00:00Z");
    await run(ctx, workspaceId);
    ctx.clock.set("2026-04-01T00:00:00Z");
    await run(ctx, workspaceId);
    expect(await entries(workspaceId, "grant_subscription")).toHaveLength(3);
    ctx.clock.set("2026-05-01T00:00:00Z"); // the quarter is over
    expect(await run(ctx, workspaceId)).toMatchObject({ subscriptionsEnded: 1, subscriptionGrants: 0 });
    const [ws] = await testDb().select().from(workspaces).where(eq(workspaces.id, workspaceId));
    expect(ws?.subscriptionStatus).toBe("canceled");
    expect(await entries(workspaceId, "grant_subscription")).toHaveLength(3);
    // Lapsed: pro refused, standard paid from top-up credits; free daily credits start again.
    expect(
      await spend(ctx, {
        workspaceId,
        membershipId: ownerId,
        feature: "image",
        model: "pro",
        results: 1,
        idempotencyKey: randomUUID(),
      }),
    ).toMatchObject({
      ok: false,
      code: "subscription_required",
    });
    expect(
      await spend(ctx, {
        workspaceId,
        membershipId: ownerId,
        ...unitGeneration(30),
        idempotencyKey: randomUUID(),
      }),
    ).toMatchObject({ ok: true });
    await run(ctx, workspaceId);
    expect(await entries(workspaceId, "grant_free")).toHaveLength(1);
  });

  it("release holds that time out as part of the same run", async () => {
    await ensureTestRates();
    const ctx = testContext("2026-02-01T00:00:00Z");
    const { workspaceId, ownerId } = await makeWorkspace();
    await fund(ctx, workspaceId, 500);
    const held = await hold(ctx, {
      workspaceId,
      membershipId: ownerId,
      ...unitGeneration(100),
      timeoutSeconds: 60,
      idempotencyKey: randomUUID(),
    });
    expect(held.ok).toBe(true);
    ctx.clock.advance(60_000);
    expect(await run(ctx, workspaceId)).toMatchObject({ holdsReleased: 1 });
    expect(await getBalance(ctx, workspaceId)).toMatchObject({ total: 500, held: 0 });
  });
});
