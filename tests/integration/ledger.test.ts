import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { creditLots, ledgerEntries, memberships, workspaces } from "@/db/schema";
import {
  getBalance,
  getMemberAllowance,
  grant,
  hold,
  listTransactions,
  refund,
  release,
  releaseTimedOutHolds,
  settle,
  spend,
  expire,
} from "@/lib/ledger";
import { verifyLedger } from "@/lib/ledger/verify";
import type { Deps } from "@/lib/deps";
import { ensureTestRates, fund, makeWorkspace, testContext, testDb, unitGeneration } from "../support/db";

const key = () => `test-${randomUUID()}`;

async function entryCount(workspaceId: string) {
  return (await testDb().select().from(ledgerEntries).where(eq(ledgerEntries.workspaceId, workspaceId)))
    .length;
}

async function expectConsistent(workspaceId: string) {
  expect(await verifyLedger(testDb(), { workspaceId })).toEqual([]);
}

function unitSpend(ctx: Deps, workspaceId: string, membershipId: string, credits: number, k = key()) {
  return spend(ctx, { workspaceId, membershipId, ...unitGeneration(credits), idempotencyKey: k });
}

beforeAll(async () => {
  await ensureTestRates();
});

describe("grant and balance", () => {
  it("adds lots and reports the balance by type with the next expiry", async () => {
    const ctx = testContext("2026-03-10T12:00:00Z");
    const { workspaceId } = await makeWorkspace();
    const g1 = await fund(ctx, workspaceId, 100, { type: "free", expiresAt: "2026-03-11T00:00:00Z" });
    expect(g1).toMatchObject({ ok: true, replayed: false, amount: 100, balanceAfter: 100 });
    await fund(ctx, workspaceId, 1000);
    const balance = await getBalance(ctx, workspaceId);
    expect(balance).toMatchObject({
      total: 1100,
      lifetimeAdded: 1100,
      lifetimeSpent: 0,
      byType: {
        free: { amount: 100, nextExpiry: "2026-03-11T00:00:00.000Z" },
        top_up: { amount: 1000, nextExpiry: null },
      },
    });
    await expectConsistent(workspaceId);
  });

  it("is idempotent: the same key returns the first result, a different request conflicts", async () => {
    const ctx = testContext();
    const { workspaceId } = await makeWorkspace();
    const k = key();
    const input = {
      workspaceId,
      type: "top_up",
      code: "top_up",
      amount: 500,
      expiresAt: null,
      idempotencyKey: k,
    } as const;
    const first = await grant(ctx, input);
    const again = await grant(ctx, input);
    expect(again).toEqual({ ...first, replayed: true });
    const conflict = await grant(ctx, { ...input, amount: 501 });
    expect(conflict).toMatchObject({ ok: false, code: "idempotency_conflict" });
    expect((await getBalance(ctx, workspaceId))?.total).toBe(500);
    expect(await entryCount(workspaceId)).toBe(1);
  });
});

describe("spend", () => {
  it("draws free, then subscription, then top-up credits, soonest expiry first", async () => {
    const ctx = testContext("2026-03-10T12:00:00Z");
    const { workspaceId, ownerId } = await makeWorkspace();
    const g = (type: "free" | "subscription" | "top_up", amount: number, expiresAt: string | null) =>
      grant(ctx, {
        workspaceId,
        type,
        code: type === "free" ? "grant_free" : type === "subscription" ? "grant_subscription" : "top_up",
        amount,
        expiresAt: expiresAt ? new Date(expiresAt) : null,
        idempotencyKey: key(),
      });
    await g("top_up", 1000, null);
    const laterSub = await g("subscription", 500, "2026-04-10T00:00:00Z");
    const soonerSub = await g("subscription", 300, "2026-03-20T00:00:00Z");
    await g("free", 100, "2026-03-11T00:00:00Z");

    const a = await unitSpend(ctx, workspaceId, ownerId, 60);
    expect(a).toMatchObject({
      ok: true,
      amount: 60,
      split: { free: 60, subscription: 0, topUp: 0 },
      balanceAfter: 1840,
    });
    const b = await unitSpend(ctx, workspaceId, ownerId, 100);
    expect(b).toMatchObject({ ok: true, split: { free: 40, subscription: 60, topUp: 0 } });
    const c = await unitSpend(ctx, workspaceId, ownerId, 1000);
    expect(c).toMatchObject({ ok: true, split: { free: 0, subscription: 740, topUp: 260 } });

    const lots = await testDb().select().from(creditLots).where(eq(creditLots.workspaceId, workspaceId));
    const remaining = (id: unknown) => lots.find((l) => l.id === id)?.amountRemaining;
    expect(remaining(soonerSub.ok && soonerSub.lotId)).toBe(0);
    expect(remaining(laterSub.ok && laterSub.lotId)).toBe(0);
    expect((await getBalance(ctx, workspaceId))?.total).toBe(740);
    await expectConsistent(workspaceId);
  });

  it("never pays a pro model with free credits and needs an active subscription for it", async () => {
    const ctx = testContext();
    const { workspaceId, ownerId } = await makeWorkspace({ subscriptionStatus: "active" });
    await fund(ctx, workspaceId, 100, { type: "free", expiresAt: "2026-03-11T00:00:00Z" });
    const proOnlyFree = await spend(ctx, {
      workspaceId,
      membershipId: ownerId,
      feature: "image",
      model: "pro",
      results: 1,
      idempotencyKey: key(),
    });
    expect(proOnlyFree).toMatchObject({
      ok: false,
      code: "insufficient_credits",
      details: { required: 40, available: 0 },
    });
    await fund(ctx, workspaceId, 100);
    const pro = await spend(ctx, {
      workspaceId,
      membershipId: ownerId,
      feature: "image",
      model: "pro",
      results: 1,
      idempotencyKey: key(),
    });
    expect(pro).toMatchObject({ ok: true, amount: 40, split: { free: 0, topUp: 40 } });

    const lapsed = await makeWorkspace({ subscriptionStatus: "canceled" });
    await fund(ctx, lapsed.workspaceId, 100);
    const before = await entryCount(lapsed.workspaceId);
    const refused = await spend(ctx, {
      workspaceId: lapsed.workspaceId,
      membershipId: lapsed.ownerId,
      feature: "image",
      model: "pro",
      results: 1,
      idempotencyKey: key(),
    });
    expect(refused).toMatchObject({ ok: false, code: "subscription_required" });
    expect(refused.ok === false && refused.message).toMatch(/active subscription/);
    // Top-up credits still pay for what the Free plan allows.
    const standard = await spend(ctx, {
      workspaceId: lapsed.workspaceId,
      membershipId: lapsed.ownerId,
      feature: "image",
      model: "standard",
      results: 1,
      idempotencyKey: key(),
    });
    expect(standard).toMatchObject({ ok: true, amount: 24 });
    expect(await entryCount(lapsed.workspaceId)).toBe(before + 1);
    await expectConsistent(workspaceId);
    await expectConsistent(lapsed.workspaceId);
  });

  it("refuses with nothing written when credits run out", async () => {
    const ctx = testContext();
    const { workspaceId, ownerId } = await makeWorkspace();
    await fund(ctx, workspaceId, 50);
    const before = await entryCount(workspaceId);
    const refused = await spend(ctx, {
      workspaceId,
      membershipId: ownerId,
      feature: "image",
      model: "standard",
      results: 3,
      idempotencyKey: key(),
    });
    expect(refused).toMatchObject({
      ok: false,
      code: "insufficient_credits",
      details: { required: 72, available: 50 },
    });
    expect(await entryCount(workspaceId)).toBe(before);
    expect((await getBalance(ctx, workspaceId))?.total).toBe(50);
  });

  it("prices from the rate card by model, settings and number of results", async () => {
    const ctx = testContext();
    const { workspaceId, ownerId } = await makeWorkspace();
    await fund(ctx, workspaceId, 5000);
    const video = await spend(ctx, {
      workspaceId,
      membershipId: ownerId,
      feature: "video",
      model: "standard",
      settings: { duration: 10 },
      results: 2,
      idempotencyKey: key(),
    });
    expect(video).toMatchObject({ ok: true, amount: 800 });
    const unknown = await spend(ctx, {
      workspaceId,
      membershipId: ownerId,
      feature: "video",
      model: "standard",
      settings: { duration: 7 },
      results: 1,
      idempotencyKey: key(),
    });
    expect(unknown).toMatchObject({ ok: false, code: "unknown_settings" });
    const badModel = await spend(ctx, {
      workspaceId,
      membershipId: ownerId,
      feature: "video",
      model: "nope",
      results: 1,
      idempotencyKey: key(),
    });
    expect(badModel).toMatchObject({ ok: false, code: "unknown_model" });
    const badFeature = await spend(ctx, {
      workspaceId,
      membershipId: ownerId,
      feature: "audio",
      model: "x",
      results: 1,
      idempotencyKey: key(),
    });
    expect(badFeature).toMatchObject({ ok: false, code: "unknown_feature" });
  });

  it("rejects invalid input and members of other workspaces without writing", async () => {
    const ctx = testContext();
    const a = await makeWorkspace();
    const b = await makeWorkspace();
    await fund(ctx, a.workspaceId, 100);
    expect(await unitSpend(ctx, a.workspaceId, b.ownerId, 1)).toMatchObject({
      ok: false,
      code: "member_not_found",
    });
    expect(await unitSpend(ctx, a.workspaceId, a.ownerId, 0)).toMatchObject({
      ok: false,
      code: "invalid_input",
    });
    const fractional = await spend(ctx, {
      workspaceId: a.workspaceId,
      membershipId: a.ownerId,
      feature: "unit",
      model: "one",
      results: 1.5,
      idempotencyKey: key(),
    });
    expect(fractional).toMatchObject({
      ok: false,
      code: "invalid_input",
      details: { issues: [{ path: "results" }] },
    });
    expect(await unitSpend(ctx, a.workspaceId, a.ownerId, 1, "")).toMatchObject({
      ok: false,
      code: "invalid_input",
    });
    expect(await unitSpend(ctx, randomUUID(), a.ownerId, 1)).toMatchObject({
      ok: false,
      code: "workspace_not_found",
    });
    expect(await entryCount(a.workspaceId)).toBe(1);
  });
});

describe("expiry", () => {
  it("stops counting a lot at its expiry instant and books an expire entry for what was left", async () => {
    const expiry = "2026-03-11T00:00:00.000Z";
    const ctx = testContext("2026-03-10T09:00:00Z");
    const { workspaceId, ownerId } = await makeWorkspace();
    await grant(ctx, {
      workspaceId,
      type: "free",
      code: "grant_free",
      amount: 100,
      expiresAt: new Date(expiry),
      idempotencyKey: key(),
    });
    await fund(ctx, workspaceId, 10);

    ctx.clock.set(new Date(Date.parse(expiry) - 1));
    expect((await getBalance(ctx, workspaceId))?.byType.free.amount).toBe(100);
    expect(await unitSpend(ctx, workspaceId, ownerId, 30)).toMatchObject({ ok: true, split: { free: 30 } });

    ctx.clock.set(expiry);
    // The job has not run, but the balance already leaves the lot out.
    expect(await getBalance(ctx, workspaceId)).toMatchObject({
      total: 10,
      byType: { free: { amount: 0 } },
      lifetimeExpired: 70,
    });
    expect(await unitSpend(ctx, workspaceId, ownerId, 20)).toMatchObject({
      ok: false,
      code: "insufficient_credits",
      details: { available: 10 },
    });

    ctx.clock.advance(1);
    const expired = await expire(ctx, workspaceId);
    expect(expired).toMatchObject({ ok: true, expired: 70, balanceAfter: 10 });
    expect(await expire(ctx, workspaceId)).toMatchObject({ ok: true, expired: 0 });
    const page = await listTransactions(testDb(), workspaceId, { limit: 1 });
    expect(page.items[0]).toMatchObject({
      code: "expire",
      amount: -70,
      balanceAfter: 10,
      split: { free: -70 },
    });
    expect(await getBalance(ctx, workspaceId)).toMatchObject({
      total: 10,
      lifetimeExpired: 70,
      lifetimeAdded: 110,
      lifetimeSpent: 30,
    });
    await expectConsistent(workspaceId);
  });

  it("expires due lots as part of a spend, before drawing", async () => {
    const ctx = testContext("2026-03-10T09:00:00Z");
    const { workspaceId, ownerId } = await makeWorkspace();
    await fund(ctx, workspaceId, 100, { type: "free", expiresAt: "2026-03-11T00:00:00Z" });
    await fund(ctx, workspaceId, 100);
    ctx.clock.set("2026-03-11T00:00:01Z");
    expect(await unitSpend(ctx, workspaceId, ownerId, 10)).toMatchObject({
      ok: true,
      split: { free: 0, topUp: 10 },
      balanceAfter: 90,
    });
    const codes = (await listTransactions(testDb(), workspaceId)).items.map((t) => t.code);
    expect(codes).toEqual(["spend", "expire", "top_up", "grant_free"]);
    await expectConsistent(workspaceId);
  });
});

describe("member monthly limits", () => {
  it("counts the month in the workspace's time zone, not UTC", async () => {
    // New York, after the March DST change (UTC-4): the UTC month turns at 20:00 local on the 31st.
    const ctx = testContext("2026-03-31T12:00:00Z");
    const { workspaceId, members } = await makeWorkspace({
      timeZone: "America/New_York",
      members: [{ monthlyLimit: 100 }],
    });
    const member = members[0]!.id;
    await fund(ctx, workspaceId, 10_000);

    expect(await unitSpend(ctx, workspaceId, member, 80)).toMatchObject({ ok: true });
    ctx.clock.set("2026-04-01T01:00:00Z"); // 21:00 on 31 March in New York: still March
    const refused = await unitSpend(ctx, workspaceId, member, 30);
    expect(refused).toMatchObject({
      ok: false,
      code: "member_limit_reached",
      details: { limit: 100, used: 80, remaining: 20, resetsAt: "2026-04-01T04:00:00+00:00" },
    });
    ctx.clock.set("2026-04-01T03:59:59.999Z"); // T - 1 ms
    expect(await unitSpend(ctx, workspaceId, member, 30)).toMatchObject({
      ok: false,
      code: "member_limit_reached",
    });
    ctx.clock.set("2026-04-01T04:00:00.000Z"); // T: midnight in New York
    expect(await unitSpend(ctx, workspaceId, member, 30)).toMatchObject({ ok: true });
    expect(await getMemberAllowance(ctx, workspaceId, member)).toMatchObject({
      limit: 100,
      used: 30,
      remaining: 70,
      periodStart: "2026-04-01",
      resetsAt: "2026-05-01T04:00:00.000Z",
    });
    await expectConsistent(workspaceId);
  });

  it("applies a lowered limit at once without touching the ledger, and Unlimited has no cap", async () => {
    const ctx = testContext();
    const { workspaceId, members } = await makeWorkspace({
      members: [{ monthlyLimit: 500 }, { monthlyLimit: null }],
    });
    const [limited, unlimited] = members;
    await fund(ctx, workspaceId, 100_000);
    expect(await unitSpend(ctx, workspaceId, limited!.id, 300)).toMatchObject({ ok: true });
    const entries = await entryCount(workspaceId);
    await testDb().update(memberships).set({ monthlyLimit: 200 }).where(eq(memberships.id, limited!.id));
    expect(await entryCount(workspaceId)).toBe(entries);
    expect(await unitSpend(ctx, workspaceId, limited!.id, 1)).toMatchObject({
      ok: false,
      code: "member_limit_reached",
      details: { remaining: 0 },
    });
    expect(await unitSpend(ctx, workspaceId, unlimited!.id, 50_000)).toMatchObject({ ok: true });
    expect(await getMemberAllowance(ctx, workspaceId, unlimited!.id)).toMatchObject({
      limit: null,
      remaining: null,
      used: 50_000,
    });
  });
});

describe("holds", () => {
  async function funded(amount = 1000) {
    const ctx = testContext("2026-03-10T12:00:00Z");
    const ws = await makeWorkspace({ members: [{ monthlyLimit: 1000 }] });
    await grant(ctx, {
      workspaceId: ws.workspaceId,
      type: "top_up",
      code: "top_up",
      amount,
      expiresAt: null,
      idempotencyKey: key(),
    });
    return { ctx, ...ws, member: ws.members[0]!.id };
  }

  it("holds the worst case, settles the actual cost and frees the rest", async () => {
    const { ctx, workspaceId, member } = await funded();
    const h = await hold(ctx, {
      workspaceId,
      membershipId: member,
      feature: "video",
      model: "standard",
      settings: { duration: 10 },
      results: 2,
      idempotencyKey: key(),
    });
    expect(h).toMatchObject({ ok: true, amount: 800, balanceAfter: 200 });
    if (!h.ok) return;
    expect(await getBalance(ctx, workspaceId)).toMatchObject({ total: 200, held: 800 });
    expect(await getMemberAllowance(ctx, workspaceId, member)).toMatchObject({ used: 800 });

    const settled = await settle(ctx, {
      workspaceId,
      holdId: h.holdId,
      settings: { duration: 5 },
      results: 2,
    });
    expect(settled).toMatchObject({ ok: true, amount: 420, released: 380, balanceAfter: 580 });
    expect(
      await settle(ctx, { workspaceId, holdId: h.holdId, settings: { duration: 5 }, results: 2 }),
    ).toEqual({ ...settled, replayed: true });
    expect(
      await settle(ctx, { workspaceId, holdId: h.holdId, settings: { duration: 10 }, results: 1 }),
    ).toMatchObject({ ok: false, code: "idempotency_conflict" });
    expect(await release(ctx, { workspaceId, holdId: h.holdId })).toMatchObject({
      ok: false,
      code: "hold_not_active",
    });
    expect(await getBalance(ctx, workspaceId)).toMatchObject({ total: 580, held: 0, lifetimeSpent: 420 });
    expect(await getMemberAllowance(ctx, workspaceId, member)).toMatchObject({ used: 420 });
    await expectConsistent(workspaceId);
  });

  it("refuses to settle above the hold, and a release gives everything back once", async () => {
    const { ctx, workspaceId, member } = await funded();
    const h = await hold(ctx, {
      workspaceId,
      membershipId: member,
      feature: "video",
      model: "standard",
      settings: { duration: 5 },
      results: 1,
      idempotencyKey: key(),
    });
    if (!h.ok) throw new Error(h.message);
    expect(
      await settle(ctx, { workspaceId, holdId: h.holdId, settings: { duration: 10 }, results: 1 }),
    ).toMatchObject({ ok: false, code: "exceeds_hold" });
    const released = await release(ctx, { workspaceId, holdId: h.holdId });
    expect(released).toMatchObject({ ok: true, released: 210, balanceAfter: 1000, status: "released" });
    expect(await release(ctx, { workspaceId, holdId: h.holdId })).toEqual({ ...released, replayed: true });
    expect(await settle(ctx, { workspaceId, holdId: h.holdId })).toMatchObject({
      ok: false,
      code: "hold_not_active",
    });
    expect(await getBalance(ctx, workspaceId)).toMatchObject({ total: 1000, held: 0, lifetimeSpent: 0 });
    expect(await getMemberAllowance(ctx, workspaceId, member)).toMatchObject({ used: 0 });
    await expectConsistent(workspaceId);
  });

  it("releases a hold that is never settled after its timeout", async () => {
    const { ctx, workspaceId, member } = await funded();
    const h = await hold(ctx, {
      workspaceId,
      membershipId: member,
      feature: "unit",
      model: "one",
      results: 100,
      timeoutSeconds: 60,
      idempotencyKey: key(),
    });
    if (!h.ok) throw new Error(h.message);
    ctx.clock.advance(59_999);
    expect((await releaseTimedOutHolds(ctx, { workspaceId })).released).toBe(0);
    ctx.clock.advance(1);
    expect(await settle(ctx, { workspaceId, holdId: h.holdId })).toMatchObject({
      ok: false,
      code: "hold_expired",
    });
    expect((await releaseTimedOutHolds(ctx, { workspaceId })).released).toBe(0); // the late settle already released it
    expect(await getBalance(ctx, workspaceId)).toMatchObject({ total: 1000, held: 0 });

    const h2 = await hold(ctx, {
      workspaceId,
      membershipId: member,
      feature: "unit",
      model: "one",
      results: 50,
      timeoutSeconds: 60,
      idempotencyKey: key(),
    });
    if (!h2.ok) throw new Error(h2.message);
    ctx.clock.advance(60_000);
    expect((await releaseTimedOutHolds(ctx, { workspaceId })).released).toBe(1);
    expect(await release(ctx, { workspaceId, holdId: h2.holdId })).toMatchObject({
      ok: true,
      status: "expired",
      replayed: true,
    });
    expect(await getBalance(ctx, workspaceId)).toMatchObject({ total: 1000, held: 0 });
    await expectConsistent(workspaceId);
  });
});

describe("refunds", () => {
  it("puts credits back into the lots they came from, and into a top-up lot when those expired", async () => {
    const ctx = testContext("2026-03-10T12:00:00Z");
    const { workspaceId, ownerId } = await makeWorkspace();
    await fund(ctx, workspaceId, 100, { type: "free", expiresAt: "2026-03-11T00:00:00Z" });
    await fund(ctx, workspaceId, 100);
    const s = await unitSpend(ctx, workspaceId, ownerId, 150);
    if (!s.ok) throw new Error(s.message);
    expect(s.split).toMatchObject({ free: 100, topUp: 50 });

    // A partial refund takes back the last-drawn credits first (top-up).
    const r1 = await refund(ctx, { workspaceId, entryId: s.entryId, amount: 30, idempotencyKey: key() });
    expect(r1).toMatchObject({ ok: true, amount: 30, newLotId: null, balanceAfter: 80 });
    expect((await getBalance(ctx, workspaceId))?.byType.top_up.amount).toBe(80);

    // After the free lot expired, its share comes back as never-expiring top-up credits.
    ctx.clock.set("2026-03-12T00:00:00Z");
    const r2 = await refund(ctx, { workspaceId, entryId: s.entryId, idempotencyKey: key() });
    expect(r2).toMatchObject({ ok: true, amount: 120, balanceAfter: 200 });
    expect(r2.ok && r2.newLotId).toBeTruthy();
    expect(await getBalance(ctx, workspaceId)).toMatchObject({
      total: 200,
      byType: { top_up: { amount: 200 } },
      lifetimeSpent: 0,
    });
    expect(
      await refund(ctx, { workspaceId, entryId: s.entryId, amount: 1, idempotencyKey: key() }),
    ).toMatchObject({ ok: false, code: "exceeds_refundable" });
    await expectConsistent(workspaceId);
  });
});

describe("transactions", () => {
  it("lists entries newest first with running balances, a page at a time", async () => {
    const ctx = testContext();
    const { workspaceId, ownerId } = await makeWorkspace();
    await fund(ctx, workspaceId, 1000);
    for (let i = 1; i <= 7; i += 1) await unitSpend(ctx, workspaceId, ownerId, i);
    const first = await listTransactions(testDb(), workspaceId, { limit: 3 });
    expect(first.items.map((t) => t.amount)).toEqual([-7, -6, -5]);
    expect(first.items.map((t) => t.balanceAfter)).toEqual([972, 979, 985]);
    expect(first.items[0]).toMatchObject({
      code: "spend",
      feature: "unit",
      model: "one",
      member: { id: ownerId },
    });
    const second = await listTransactions(testDb(), workspaceId, { limit: 3, cursor: first.nextCursor });
    expect(second.items.map((t) => t.amount)).toEqual([-4, -3, -2]);
    const third = await listTransactions(testDb(), workspaceId, { limit: 3, cursor: second.nextCursor });
    expect(third.items.map((t) => t.amount)).toEqual([-1, 1000]);
    expect(third.nextCursor).toBeNull();
    const grants = await listTransactions(testDb(), workspaceId, { filter: { codes: ["top_up"] } });
    expect(grants.items).toHaveLength(1);
  });

  it("keeps entries append-only in the database itself", async () => {
    const ctx = testContext();
    const { workspaceId } = await makeWorkspace();
    await fund(ctx, workspaceId, 10);
    const causeOf = (promise: Promise<unknown>) =>
      promise.then(
        () => "no error",
        (error: { cause?: { message?: string } }) => String(error.cause?.message),
      );
    expect(
      await causeOf(
        testDb().update(ledgerEntries).set({ amount: 11 }).where(eq(ledgerEntries.workspaceId, workspaceId)),
      ),
    ).toMatch(/append-only: UPDATE/);
    expect(
      await causeOf(testDb().delete(ledgerEntries).where(eq(ledgerEntries.workspaceId, workspaceId))),
    ).toMatch(/append-only: DELETE/);
    // Deleting the whole workspace still works (the entries go with it).
    await testDb().delete(workspaces).where(eq(workspaces.id, workspaceId));
    expect(await entryCount(workspaceId)).toBe(0);
  });

  it("deletes a workspace's whole ledger with it and keeps members with history", async () => {
    const ctx = testContext();
    const { workspaceId, members } = await makeWorkspace({ members: [{ monthlyLimit: null }] });
    const member = members[0]!;
    await fund(ctx, workspaceId, 100);
    expect((await unitSpend(ctx, workspaceId, member.id, 10)).ok).toBe(true);
    const rowsOf = async () => {
      const [row] = await testDb().execute<{ n: string }>(sql`
        select (select count(*) from ledger_entries where workspace_id = ${workspaceId}::uuid)
             + (select count(*) from ledger_allocations where workspace_id = ${workspaceId}::uuid)
             + (select count(*) from usage_events where workspace_id = ${workspaceId}::uuid)
             + (select count(*) from member_usage where workspace_id = ${workspaceId}::uuid) as n`);
      return Number(row?.n);
    };
    expect(await rowsOf()).toBeGreaterThan(4);
    // The hot tables have no foreign keys; a trigger stands in for them.
    const error = await testDb()
      .delete(memberships)
      .where(eq(memberships.id, member.id))
      .then(
        () => "no error",
        (failure: { cause?: { message?: string } }) => String(failure.cause?.message),
      );
    expect(error).toMatch(/has credit history/);
    await testDb().delete(workspaces).where(eq(workspaces.id, workspaceId));
    expect(await rowsOf()).toBe(0);
  });
});
