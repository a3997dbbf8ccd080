// Money that goes back (issue 18): taking a payment's credits back, the debt for what was spent and
// its repayment by the next grant, the credits_owed refusal, and the dispute hold and its close.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { creditLots, ledgerEntries } from "@/db/schema";
import {
  closeDisputedCredits,
  getBalance,
  hold,
  holdDisputedCredits,
  readDebt,
  release,
  settle,
  spend,
  spendBatch,
  takeBackCredits,
} from "@/lib/ledger";
import { verifyLedger } from "@/lib/ledger/verify";
import type { Deps } from "@/lib/deps";
import { ensureTestRates, fund, makeWorkspace, testContext, testDb, unitGeneration } from "../support/db";

const key = () => `stripe:test-${randomUUID()}`;

beforeAll(async () => {
  await ensureTestRates();
});

async function expectConsistent(workspaceId: string) {
  expect(await verifyLedger(testDb(), { workspaceId })).toEqual([]);
}

function unitSpend(ctx: Deps, workspaceId: string, membershipId: string, credits: number, k = key()) {
  return spend(ctx, { workspaceId, membershipId, ...unitGeneration(credits), idempotencyKey: k });
}

async function lot(id: string) {
  const [row] = await testDb().select().from(creditLots).where(eq(creditLots.id, id));
  return row!;
}

/** A workspace with a 1,000-credit purchase (its lot) and 200 other credits. */
async function purchased() {
  const ctx = testContext("2026-03-10T12:00:00Z");
  const ws = await makeWorkspace();
  const other = await fund(ctx, ws.workspaceId, 200, {
    type: "subscription",
    expiresAt: "2026-04-10T00:00:00Z",
  });
  const purchase = await fund(ctx, ws.workspaceId, 1000);
  return { ...ws, ctx, lotId: purchase.lotId, otherLotId: other.lotId };
}

describe("takeBackCredits", () => {
  it("takes an unspent purchase back from its own lot, and replays by key", async () => {
    const { ctx, workspaceId, lotId } = await purchased();
    const k = key();
    const input = {
      workspaceId,
      lotIds: [lotId],
      credits: 400,
      reason: "refund" as const,
      reference: "re_1",
      idempotencyKey: k,
    };
    const first = await takeBackCredits(ctx, input);
    expect(first).toMatchObject({
      ok: true,
      replayed: false,
      credits: 400,
      taken: 400,
      owed: 0,
      balanceAfter: 800,
      debtAfter: 0,
    });
    expect(await takeBackCredits(ctx, input)).toMatchObject({ ok: true, replayed: true, taken: 400 });
    expect(await takeBackCredits(ctx, { ...input, credits: 401 })).toMatchObject({
      ok: false,
      code: "idempotency_conflict",
    });
    expect((await lot(lotId)).amountRemaining).toBe(600);
    expect(await readDebt(testDb(), workspaceId)).toEqual({ owed: 0, disputed: 0 });
    await expectConsistent(workspaceId);
  });

  it("turns what was already spent into debt, never going below zero or touching other lots", async () => {
    const { ctx, workspaceId, ownerId, lotId, otherLotId } = await purchased();
    // 200 subscription credits go first, then 700 of the purchase: 300 of it are left.
    expect(await unitSpend(ctx, workspaceId, ownerId, 900)).toMatchObject({ ok: true });
    const outcome = await takeBackCredits(ctx, {
      workspaceId,
      lotIds: [lotId],
      credits: 1000,
      reason: "refund",
      reference: "re_2",
      idempotencyKey: key(),
    });
    expect(outcome).toMatchObject({ ok: true, credits: 1000, taken: 300, owed: 700, debtAfter: 700 });
    expect((await lot(lotId)).amountRemaining).toBe(0);
    expect((await lot(otherLotId)).amountRemaining).toBe(0);
    expect(await readDebt(testDb(), workspaceId)).toEqual({ owed: 700, disputed: 0 });
    const [entry] = await testDb()
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.id, outcome.ok ? outcome.entryId : -1));
    expect(entry).toMatchObject({ code: "purchase_refund", amount: -300, owed: 700, reference: "re_2" });
    await expectConsistent(workspaceId);
  });

  it("owes everything when the lots are empty, and refuses lots of another workspace", async () => {
    const { ctx, workspaceId, ownerId, lotId } = await purchased();
    await unitSpend(ctx, workspaceId, ownerId, 1200);
    const outcome = await takeBackCredits(ctx, {
      workspaceId,
      lotIds: [lotId],
      credits: 250,
      reason: "refund",
      reference: "re_3",
      idempotencyKey: key(),
    });
    expect(outcome).toMatchObject({ ok: true, taken: 0, owed: 250, balanceAfter: 0, debtAfter: 250 });
    const stranger = await purchased();
    expect(
      await takeBackCredits(ctx, {
        workspaceId,
        lotIds: [stranger.lotId],
        credits: 1,
        reason: "refund",
        reference: "re_4",
        idempotencyKey: key(),
      }),
    ).toMatchObject({ ok: false, code: "lot_not_found" });
    await expectConsistent(workspaceId);
  });
});

describe("debt", () => {
  async function inDebt(owed: number) {
    const p = await purchased();
    await unitSpend(p.ctx, p.workspaceId, p.ownerId, 1200);
    await takeBackCredits(p.ctx, {
      workspaceId: p.workspaceId,
      lotIds: [p.lotId],
      credits: owed,
      reason: "refund",
      reference: `re_${randomUUID()}`,
      idempotencyKey: key(),
    });
    return p;
  }

  it("refuses spends, holds and batches with credits_owed while owed, and still settles a hold", async () => {
    const p = await purchased();
    const held = await hold(p.ctx, {
      workspaceId: p.workspaceId,
      membershipId: p.ownerId,
      ...unitGeneration(50),
      idempotencyKey: key(),
    });
    expect(held.ok).toBe(true);
    await unitSpend(p.ctx, p.workspaceId, p.ownerId, 1100);
    await takeBackCredits(p.ctx, {
      workspaceId: p.workspaceId,
      lotIds: [p.lotId],
      credits: 300,
      reason: "refund",
      reference: "re_5",
      idempotencyKey: key(),
    });
    expect(await readDebt(testDb(), p.workspaceId)).toMatchObject({ owed: 250 });

    const refused = await unitSpend(p.ctx, p.workspaceId, p.ownerId, 10);
    expect(refused).toMatchObject({
      ok: false,
      code: "credits_owed",
      details: { owed: 250, settleUrlPath: "/settings/billing?buy=credits" },
    });
    expect(refused.ok ? "" : refused.message).toMatch(/owes 250 credits/);
    expect(
      await hold(p.ctx, {
        workspaceId: p.workspaceId,
        membershipId: p.ownerId,
        ...unitGeneration(10),
        idempotencyKey: key(),
      }),
    ).toMatchObject({ ok: false, code: "credits_owed" });
    const batch = await spendBatch(p.ctx, p.workspaceId, [
      { membershipId: p.ownerId, ...unitGeneration(1), idempotencyKey: key() },
    ]);
    expect(batch[0]).toMatchObject({ ok: false, code: "credits_owed" });
    // The hold made before the debt settles: its credits were reserved.
    if (!held.ok) throw new Error("hold refused");
    expect(
      await settle(p.ctx, {
        workspaceId: p.workspaceId,
        holdId: held.holdId,
        results: unitGeneration(50).results,
      }),
    ).toMatchObject({ ok: true, amount: 50 });
    await expectConsistent(p.workspaceId);
  });

  it("is paid off first by the next grant, in the same call, and spending resumes", async () => {
    const p = await inDebt(300);
    const partial = await fund(p.ctx, p.workspaceId, 100);
    expect(partial).toMatchObject({ amount: 100, debtRepaid: 100, debtAfter: 200, balanceAfter: 0 });
    expect(partial.repaymentEntryId).toBeGreaterThan(partial.entryId);
    expect((await unitSpend(p.ctx, p.workspaceId, p.ownerId, 1)).ok).toBe(false);
    const rest = await fund(p.ctx, p.workspaceId, 500, { type: "free", expiresAt: "2026-03-11T00:00:00Z" });
    expect(rest).toMatchObject({ debtRepaid: 200, debtAfter: 0, balanceAfter: 300 });
    expect((await lot(rest.lotId)).amountRemaining).toBe(300);
    expect(await readDebt(testDb(), p.workspaceId)).toEqual({ owed: 0, disputed: 0 });
    expect(await unitSpend(p.ctx, p.workspaceId, p.ownerId, 10)).toMatchObject({
      ok: true,
      balanceAfter: 290,
    });
    const none = await fund(p.ctx, p.workspaceId, 5);
    expect(none).toMatchObject({ debtRepaid: 0, debtAfter: 0, repaymentEntryId: null });
    const balance = await getBalance(p.ctx, p.workspaceId);
    expect(balance?.total).toBe(295);
    await expectConsistent(p.workspaceId);
  });
});

describe("disputes", () => {
  it("holds what is left of the lots, visibly, and releases it when won", async () => {
    const { ctx, workspaceId, ownerId, lotId } = await purchased();
    await unitSpend(ctx, workspaceId, ownerId, 500); // 200 subscription + 300 of the purchase
    const base = { workspaceId, lotIds: [lotId], reference: "dp_1" };
    const opened = await holdDisputedCredits(ctx, { ...base, idempotencyKey: key() });
    expect(opened).toMatchObject({ ok: true, replayed: false, held: 700, balanceAfter: 0 });
    expect(await readDebt(testDb(), workspaceId)).toEqual({ owed: 0, disputed: 700 });
    expect((await lot(lotId)).amountDisputed).toBe(700);
    expect((await unitSpend(ctx, workspaceId, ownerId, 1)).ok).toBe(false);
    // The same dispute again (another key: reconciliation) holds nothing more.
    expect(await holdDisputedCredits(ctx, { ...base, idempotencyKey: key() })).toMatchObject({
      ok: true,
      replayed: true,
      held: 700,
    });
    const closeKey = key();
    const won = await closeDisputedCredits(ctx, {
      ...base,
      outcome: "won",
      credits: 1000,
      idempotencyKey: closeKey,
    });
    expect(won).toMatchObject({ ok: true, released: 700, taken: 0, owed: 0, balanceAfter: 700 });
    expect(
      await closeDisputedCredits(ctx, { ...base, outcome: "won", credits: 1000, idempotencyKey: key() }),
    ).toMatchObject({ ok: true, replayed: true, released: 700 });
    expect(
      await closeDisputedCredits(ctx, { ...base, outcome: "lost", credits: 1000, idempotencyKey: key() }),
    ).toMatchObject({ ok: false, code: "idempotency_conflict" });
    expect(await readDebt(testDb(), workspaceId)).toEqual({ owed: 0, disputed: 0 });
    expect((await getBalance(ctx, workspaceId))?.total).toBe(700);
    await expectConsistent(workspaceId);
  });

  it("takes the held credits back first when lost, then what else is left, then debt", async () => {
    const { ctx, workspaceId, ownerId, lotId } = await purchased();
    await unitSpend(ctx, workspaceId, ownerId, 500);
    const base = { workspaceId, lotIds: [lotId], reference: "dp_2" };
    await holdDisputedCredits(ctx, { ...base, idempotencyKey: key() });
    const lost = await closeDisputedCredits(ctx, {
      ...base,
      outcome: "lost",
      credits: 1000,
      idempotencyKey: key(),
    });
    expect(lost).toMatchObject({
      ok: true,
      released: 0,
      taken: 700,
      owed: 300,
      balanceAfter: 0,
      debtAfter: 300,
    });
    expect(await readDebt(testDb(), workspaceId)).toEqual({ owed: 300, disputed: 0 });
    const codes = (
      await testDb()
        .select()
        .from(ledgerEntries)
        .where(eq(ledgerEntries.workspaceId, workspaceId))
        .orderBy(ledgerEntries.id)
    ).map((e) => e.code);
    expect(codes.slice(-3)).toEqual(["dispute_hold", "dispute_release", "purchase_refund"]);
    await expectConsistent(workspaceId);
  });

  it("takes a lost dispute's held credits first, before credits that came back to its lots after the hold", async () => {
    const ctx = testContext("2026-03-10T12:00:00Z");
    const { workspaceId, ownerId } = await makeWorkspace();
    // A plan payment with two subscription lots (A drawn first).
    const a = await fund(ctx, workspaceId, 300, { type: "subscription", expiresAt: "2026-04-10T00:00:00Z" });
    const b = await fund(ctx, workspaceId, 300, { type: "subscription", expiresAt: "2026-04-11T00:00:00Z" });
    const generation = await hold(ctx, {
      workspaceId,
      membershipId: ownerId,
      ...unitGeneration(100),
      idempotencyKey: key(),
    });
    if (!generation.ok) throw new Error("hold refused");
    const base = { workspaceId, lotIds: [a.lotId, b.lotId], reference: "dp_order" };
    expect(await holdDisputedCredits(ctx, { ...base, idempotencyKey: key() })).toMatchObject({ held: 500 });
    // The generation is called off: its 100 go back to lot A, spendable again during the dispute.
    await release(ctx, { workspaceId, holdId: generation.holdId });
    expect((await getBalance(ctx, workspaceId))?.total).toBe(100);
    const lost = await closeDisputedCredits(ctx, {
      ...base,
      outcome: "lost",
      credits: 500,
      idempotencyKey: key(),
    });
    expect(lost).toMatchObject({ ok: true, released: 0, taken: 500, owed: 0 });
    expect([(await lot(a.lotId)).amountRemaining, (await lot(b.lotId)).amountRemaining]).toEqual([100, 0]);
    await expectConsistent(workspaceId);
  });

  it("applies a close that arrives before its open once, and the late open holds nothing", async () => {
    const { ctx, workspaceId, lotId } = await purchased();
    const base = { workspaceId, lotIds: [lotId], reference: "dp_3" };
    const lost = await closeDisputedCredits(ctx, {
      ...base,
      outcome: "lost",
      credits: 600,
      idempotencyKey: key(),
    });
    expect(lost).toMatchObject({ ok: true, taken: 600, owed: 0, balanceAfter: 600 });
    const late = await holdDisputedCredits(ctx, { ...base, idempotencyKey: key() });
    expect(late).toMatchObject({ ok: true, entryId: null, held: 0, alreadyClosed: true });
    expect(await readDebt(testDb(), workspaceId)).toEqual({ owed: 0, disputed: 0 });
    expect((await getBalance(ctx, workspaceId))?.total).toBe(600);
    await expectConsistent(workspaceId);
  });

  it("lets a won close before its open stop the late open from holding", async () => {
    const { ctx, workspaceId, lotId } = await purchased();
    const base = { workspaceId, lotIds: [lotId], reference: "dp_4" };
    const won = await closeDisputedCredits(ctx, {
      ...base,
      outcome: "won",
      credits: 0,
      idempotencyKey: key(),
    });
    expect(won).toMatchObject({ ok: true, released: 0, taken: 0, owed: 0 });
    expect(await holdDisputedCredits(ctx, { ...base, idempotencyKey: key() })).toMatchObject({
      ok: true,
      held: 0,
      alreadyClosed: true,
    });
    expect((await getBalance(ctx, workspaceId))?.total).toBe(1200);
    await expectConsistent(workspaceId);
  });

  it("expires released credits whose lot expired while they were held", async () => {
    const ctx = testContext("2026-03-10T12:00:00Z");
    const { workspaceId } = await makeWorkspace();
    const plan = await fund(ctx, workspaceId, 400, {
      type: "subscription",
      expiresAt: "2026-04-10T00:00:00Z",
    });
    const base = { workspaceId, lotIds: [plan.lotId], reference: "dp_5" };
    expect(await holdDisputedCredits(ctx, { ...base, idempotencyKey: key() })).toMatchObject({ held: 400 });
    ctx.clock.set("2026-04-20T00:00:00Z");
    const won = await closeDisputedCredits(ctx, {
      ...base,
      outcome: "won",
      credits: 0,
      idempotencyKey: key(),
    });
    expect(won).toMatchObject({ ok: true, released: 400 });
    expect(await getBalance(ctx, workspaceId)).toMatchObject({ total: 0, lifetimeExpired: 400 });
    expect((await lot(plan.lotId)).amountExpired).toBe(400);
    await expectConsistent(workspaceId);
  });
});

describe("concurrency", () => {
  it("takes back exactly once while 60 spends race it: no overshoot, the debt is exactly what was spent", async () => {
    const ctx = testContext("2026-03-10T12:00:00Z");
    const { workspaceId, ownerId } = await makeWorkspace();
    const purchase = await fund(ctx, workspaceId, 1_000);
    const sizes = Array.from({ length: 60 }, (_, i) => 1 + ((i * 37) % 40));
    const takeKey = key();
    const takeBack = () =>
      takeBackCredits(ctx, {
        workspaceId,
        lotIds: [purchase.lotId],
        credits: 1_000,
        reason: "refund",
        reference: "re_race",
        idempotencyKey: takeKey,
      });
    // Spends in waves of ten at once; the refund webhook lands with the third wave, five times at
    // once (Stripe retries).
    const outcomes: Awaited<ReturnType<typeof unitSpend>>[] = [];
    let racing: Promise<Awaited<ReturnType<typeof takeBack>>[]> = Promise.resolve([]);
    for (let wave = 0; wave < 6; wave += 1) {
      if (wave === 2) racing = Promise.all(Array.from({ length: 5 }, takeBack));
      const chunk = sizes.slice(wave * 10, wave * 10 + 10);
      outcomes.push(
        ...(await Promise.all(chunk.map((credits) => unitSpend(ctx, workspaceId, ownerId, credits)))),
      );
    }
    const takes = await racing;
    const spent = outcomes.reduce((sum, o, i) => sum + (o.ok ? sizes[i]! : 0), 0);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThan(1_000);
    const taken = takes.find((t) => t.ok && !t.replayed);
    expect(takes.filter((t) => t.ok && !t.replayed)).toHaveLength(1);
    expect(takes.every((t) => t.ok)).toBe(true);
    if (!taken?.ok) throw new Error("take-back refused");
    // Every spend that got through came before the take-back: it owes exactly those credits.
    expect(taken).toMatchObject({ credits: 1_000, owed: spent, taken: 1_000 - spent, balanceAfter: 0 });
    for (const t of takes) expect(t).toMatchObject({ entryId: taken.entryId, owed: spent });
    for (const o of outcomes) if (!o.ok) expect(["credits_owed", "insufficient_credits"]).toContain(o.code);
    for (const o of outcomes) if (o.ok) expect(o.entryId).toBeLessThan(taken.entryId);
    expect(await readDebt(testDb(), workspaceId)).toEqual({ owed: spent, disputed: 0 });
    expect((await getBalance(ctx, workspaceId))?.total).toBe(0);
    const refunds = await testDb()
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.workspaceId, workspaceId));
    expect(refunds.filter((e) => e.code === "purchase_refund")).toHaveLength(1);
    await expectConsistent(workspaceId);
  });

  it("holds a dispute and loses it while spends race: nothing spent after the hold, the debt exact", async () => {
    const ctx = testContext("2026-03-10T12:00:00Z");
    const { workspaceId, ownerId } = await makeWorkspace();
    const purchase = await fund(ctx, workspaceId, 800);
    const base = { workspaceId, lotIds: [purchase.lotId], reference: "dp_race" };
    const sizes = Array.from({ length: 40 }, (_, i) => 5 + ((i * 13) % 30));
    const outcomes: Awaited<ReturnType<typeof unitSpend>>[] = [];
    let opening: ReturnType<typeof holdDisputedCredits> | undefined;
    for (let wave = 0; wave < 4; wave += 1) {
      if (wave === 1) opening = holdDisputedCredits(ctx, { ...base, idempotencyKey: key() });
      const chunk = sizes.slice(wave * 10, wave * 10 + 10);
      outcomes.push(
        ...(await Promise.all(chunk.map((credits) => unitSpend(ctx, workspaceId, ownerId, credits)))),
      );
    }
    const held = await opening!;
    if (!held.ok) throw new Error("hold refused");
    const spent = outcomes.reduce((sum, o, i) => sum + (o.ok ? sizes[i]! : 0), 0);
    // The purchase is the only lot: what was spent came before the hold, and nothing after it.
    expect(spent).toBeGreaterThan(0);
    expect(held.held).toBe(800 - spent);
    for (const o of outcomes) if (o.ok) expect(o.entryId).toBeLessThan(held.entryId!);
    const lost = await closeDisputedCredits(ctx, {
      ...base,
      outcome: "lost",
      credits: 800,
      idempotencyKey: key(),
    });
    expect(lost).toMatchObject({ ok: true, taken: 800 - spent, owed: spent, debtAfter: spent });
    expect(await readDebt(testDb(), workspaceId)).toEqual({ owed: spent, disputed: 0 });
    expect((await getBalance(ctx, workspaceId))?.total).toBe(0);
    await expectConsistent(workspaceId);
  });
});
