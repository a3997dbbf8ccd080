// Many clients at once against one workspace: nothing lost, nothing doubled, nothing overdrawn.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { ledgerEntries, usageEvents } from "@/db/schema";
import { getBalance, getMemberAllowance, hold, release, settle, spend } from "@/lib/ledger";
import { verifyLedger } from "@/lib/ledger/verify";
import { ensureTestRates, fund, makeWorkspace, testContext, testDb, unitGeneration } from "../support/db";

beforeAll(async () => {
  await ensureTestRates();
});

/** A small deterministic PRNG so a failure can be reproduced from the printed seed. */
function rng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe("concurrent spends on one workspace", () => {
  it("lets exactly the funded spends through and never overdraws (60 parallel, random sizes)", async () => {
    const seed = Date.now();
    const random = rng(seed);
    const ctx = testContext();
    const { workspaceId, ownerId } = await makeWorkspace();
    const initial = 1_500;
    await fund(ctx, workspaceId, 1_000, { type: "subscription", expiresAt: "2026-04-10T00:00:00Z" });
    await fund(ctx, workspaceId, 500);

    const sizes = Array.from({ length: 60 }, () => 1 + Math.floor(random() * 100));
    const outcomes = await Promise.all(
      sizes.map((credits) =>
        spend(ctx, {
          workspaceId,
          membershipId: ownerId,
          ...unitGeneration(credits),
          idempotencyKey: randomUUID(),
        }),
      ),
    );

    const succeeded = outcomes.flatMap((o, i) => (o.ok ? [sizes[i]!] : []));
    const refused = outcomes.filter((o) => !o.ok);
    const spent = succeeded.reduce((a, b) => a + b, 0);
    const balance = await getBalance(ctx, workspaceId);
    expect(balance?.total, `seed ${seed}`).toBe(initial - spent);
    expect(balance!.total).toBeGreaterThanOrEqual(0);
    // Balances only fall here, so a refused spend could not have fitted at any later point either:
    // every refused size is still more than what is left.
    for (const [i, o] of outcomes.entries())
      if (!o.ok) expect(balance!.total, `seed ${seed}`).toBeLessThan(sizes[i]!);
    expect(spent).toBeGreaterThan(initial - 100); // the pool was (nearly) used up...
    expect(refused.length).toBeGreaterThan(0); // ...and what did not fit was refused
    for (const r of refused) {
      // Every refusal is "insufficient credits" and was right at the moment it was decided.
      expect(r).toMatchObject({ ok: false, code: "insufficient_credits" });
      if (!r.ok) expect(Number(r.details.available)).toBeLessThan(Number(r.details.required));
    }
    // Each success left exactly one entry and one usage event; refusals left nothing.
    const events = await testDb().select().from(usageEvents).where(eq(usageEvents.workspaceId, workspaceId));
    expect(events).toHaveLength(succeeded.length);
    expect(events.reduce((sum, e) => sum + e.credits, 0)).toBe(spent);
    // The running balances are a strict serial history.
    const after = outcomes.flatMap((o) => (o.ok ? [o.balanceAfter] : [])).sort((a, b) => b - a);
    expect(new Set(after).size).toBe(after.length);
    expect(await verifyLedger(testDb(), { workspaceId })).toEqual([]);
  });

  it("charges once when the same idempotency key arrives 10 times at once", async () => {
    const ctx = testContext();
    const { workspaceId, ownerId } = await makeWorkspace();
    await fund(ctx, workspaceId, 1_000);
    const key = randomUUID();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        spend(ctx, { workspaceId, membershipId: ownerId, ...unitGeneration(70), idempotencyKey: key }),
      ),
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(new Set(outcomes.map((o) => o.ok && o.entryId)).size).toBe(1);
    expect(outcomes.filter((o) => o.ok && !o.replayed)).toHaveLength(1);
    expect((await getBalance(ctx, workspaceId))?.total).toBe(930);
    const spends = await testDb()
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.workspaceId, workspaceId));
    expect(spends.filter((e) => e.code === "spend")).toHaveLength(1);
  });

  it("never lets one member's parallel spends pass their monthly limit", async () => {
    const ctx = testContext();
    const { workspaceId, members } = await makeWorkspace({ members: [{ monthlyLimit: 500 }] });
    const member = members[0]!.id;
    await fund(ctx, workspaceId, 100_000);
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () =>
        spend(ctx, {
          workspaceId,
          membershipId: member,
          ...unitGeneration(24),
          idempotencyKey: randomUUID(),
        }),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(20); // 20 × 24 = 480 ≤ 500 < 21 × 24
    expect(outcomes.filter((o) => !o.ok).every((o) => !o.ok && o.code === "member_limit_reached")).toBe(true);
    expect(await getMemberAllowance(ctx, workspaceId, member)).toMatchObject({ used: 480, remaining: 20 });
    expect(await verifyLedger(testDb(), { workspaceId })).toEqual([]);
  });

  it("keeps holds, settles, releases and spends consistent when they interleave", async () => {
    const ctx = testContext();
    const { workspaceId, ownerId } = await makeWorkspace();
    await fund(ctx, workspaceId, 5_000);
    const holds = await Promise.all(
      Array.from({ length: 20 }, () =>
        hold(ctx, {
          workspaceId,
          membershipId: ownerId,
          ...unitGeneration(100),
          idempotencyKey: randomUUID(),
        }),
      ),
    );
    const held = holds.flatMap((h) => (h.ok ? [h.holdId] : []));
    expect(held).toHaveLength(20);
    await Promise.all([
      ...held.map((holdId, i) =>
        i % 2 === 0
          ? settle(ctx, { workspaceId, holdId, results: 40 })
          : release(ctx, { workspaceId, holdId }),
      ),
      ...held.map((holdId) => release(ctx, { workspaceId, holdId })), // racing duplicates
      ...Array.from({ length: 20 }, () =>
        spend(ctx, {
          workspaceId,
          membershipId: ownerId,
          ...unitGeneration(10),
          idempotencyKey: randomUUID(),
        }),
      ),
    ]);
    const balance = await getBalance(ctx, workspaceId);
    expect(balance?.held).toBe(0);
    expect(await verifyLedger(testDb(), { workspaceId })).toEqual([]);
    // Whatever won each race, the figures add up: lifetime spent is what left the pool for good.
    expect(balance!.total).toBe(5_000 - balance!.lifetimeSpent);
  });
});
