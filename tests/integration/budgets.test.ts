// Issue 19's limits, in the ledger: an API key's monthly credit cap and allowed list, a member who may
// not use top-up credits, a member limit that starts from now, and how holds, settles, releases and
// refunds move a key's usage; then N parallel spends against each new limit (zero overshoot).
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKeys, apiKeyUsage, memberships } from "@/db/schema";
import {
  getBalance,
  getMemberAllowance,
  hold,
  refund,
  release,
  settle,
  spend,
  spendBatch,
} from "@/lib/ledger";
import { verifyLedger } from "@/lib/ledger/verify";
import type { Deps } from "@/lib/deps";
import { makeApiKey } from "../support/api";
import { ensureTestRates, fund, makeWorkspace, testContext, testDb, unitGeneration } from "../support/db";

const NOW = "2026-03-10T12:00:00Z";

beforeAll(async () => {
  await ensureTestRates();
});

async function setup(options: { credits?: number; memberLimit?: number | null } = {}) {
  const ctx = testContext(NOW);
  const ws = await makeWorkspace({ members: [{ monthlyLimit: options.memberLimit ?? null }] });
  if (options.credits !== 0) await fund(ctx, ws.workspaceId, options.credits ?? 10_000);
  const { id: keyId } = await makeApiKey(ws.workspaceId);
  const member = ws.members[0]!.id;
  return { ctx, ...ws, keyId, member };
}

const setKey = (
  keyId: string,
  values: { monthlyCreditCap?: number | null; allowedModels?: string[] | null },
) => testDb().update(apiKeys).set(values).where(eq(apiKeys.id, keyId));

const setMember = (
  id: string,
  values: {
    mayUseTopUp?: boolean;
    monthlyLimit?: number | null;
    limitOffset?: number;
    limitOffsetPeriod?: string;
  },
) => testDb().update(memberships).set(values).where(eq(memberships.id, id));

function unitSpend(ctx: Deps, ws: string, member: string, credits: number, apiKeyId: string | null = null) {
  return spend(ctx, {
    workspaceId: ws,
    membershipId: member,
    ...unitGeneration(credits),
    idempotencyKey: randomUUID(),
    apiKeyId,
  });
}

async function keyUsed(keyId: string, period = "2026-03-01") {
  const [row] = await testDb()
    .select()
    .from(apiKeyUsage)
    .where(and(eq(apiKeyUsage.apiKeyId, keyId), eq(apiKeyUsage.periodStart, period)));
  return row?.used ?? 0;
}

async function expectConsistent(workspaceId: string) {
  expect(await verifyLedger(testDb(), { workspaceId })).toEqual([]);
}

describe("API key budgets", () => {
  it("refuses past the key's monthly cap with key_budget_reached and when it resets; other keys go on", async () => {
    const { ctx, workspaceId, member, keyId } = await setup();
    const { id: otherKey } = await makeApiKey(workspaceId);
    await setKey(keyId, { monthlyCreditCap: 100 });
    expect(await unitSpend(ctx, workspaceId, member, 60, keyId)).toMatchObject({ ok: true });
    expect(await keyUsed(keyId)).toBe(60);
    const refused = await unitSpend(ctx, workspaceId, member, 50, keyId);
    expect(refused).toMatchObject({
      ok: false,
      code: "key_budget_reached",
      details: { apiKeyId: keyId, cap: 100, used: 60, remaining: 40, required: 50 },
    });
    expect(!refused.ok && new Date(String(refused.details.resetsAt)).toISOString()).toBe(
      "2026-04-01T00:00:00.000Z",
    );
    expect(await unitSpend(ctx, workspaceId, member, 40, keyId)).toMatchObject({ ok: true });
    // Another key, and the app (no key), are not bound by this key's cap.
    expect(await unitSpend(ctx, workspaceId, member, 50, otherKey)).toMatchObject({ ok: true });
    expect(await unitSpend(ctx, workspaceId, member, 50)).toMatchObject({ ok: true });
    // Next month the key starts over.
    const april = testContext("2026-04-01T00:00:01Z");
    expect(await unitSpend(april, workspaceId, member, 100, keyId)).toMatchObject({ ok: true });
    expect(await keyUsed(keyId, "2026-04-01")).toBe(100);
    await expectConsistent(workspaceId);
  });

  it("refuses features and models outside the key's allowed list with model_not_allowed", async () => {
    const { ctx, workspaceId, member, keyId } = await setup();
    await setKey(keyId, { allowedModels: ["image", "unit:one"] });
    const go = (feature: string, model: string) =>
      spend(ctx, {
        workspaceId,
        membershipId: member,
        feature,
        model,
        results: 1,
        idempotencyKey: randomUUID(),
        apiKeyId: keyId,
      });
    expect(await go("image", "standard")).toMatchObject({ ok: true });
    expect(await go("unit", "one")).toMatchObject({ ok: true });
    expect(await go("unit", "ten")).toMatchObject({
      ok: false,
      code: "model_not_allowed",
      details: { apiKeyId: keyId, feature: "unit", model: "ten" },
    });
    expect(await go("image", "pro")).toMatchObject({ ok: true });
    await setKey(keyId, { allowedModels: ["image:standard"] });
    expect(await go("image", "pro")).toMatchObject({ ok: false, code: "model_not_allowed" });
    // Checked before the balance: a key that may not use a model hears so even when nothing could pay.
    const { ctx: c2, workspaceId: empty, member: m2, keyId: k2 } = await setup({ credits: 0 });
    await setKey(k2, { allowedModels: ["image"] });
    expect(await unitSpend(c2, empty, m2, 1, k2)).toMatchObject({ ok: false, code: "model_not_allowed" });
    await expectConsistent(workspaceId);
  });

  it("counts holds against the key like spends; settle and release give the difference back", async () => {
    const { ctx, workspaceId, member, keyId } = await setup();
    await setKey(keyId, { monthlyCreditCap: 500 });
    const held = await hold(ctx, {
      workspaceId,
      membershipId: member,
      ...unitGeneration(400),
      idempotencyKey: randomUUID(),
      apiKeyId: keyId,
    });
    expect(held).toMatchObject({ ok: true, amount: 400 });
    expect(await keyUsed(keyId)).toBe(400);
    expect(await unitSpend(ctx, workspaceId, member, 200, keyId)).toMatchObject({
      ok: false,
      code: "key_budget_reached",
      details: { used: 400, remaining: 100 },
    });
    if (!held.ok) throw new Error("hold refused");
    expect(await settle(ctx, { workspaceId, holdId: held.holdId, ...unitGeneration(100) })).toMatchObject({
      ok: true,
      amount: 100,
    });
    expect(await keyUsed(keyId)).toBe(100);
    const second = await hold(ctx, {
      workspaceId,
      membershipId: member,
      ...unitGeneration(300),
      idempotencyKey: randomUUID(),
      apiKeyId: keyId,
    });
    expect(await keyUsed(keyId)).toBe(400);
    if (!second.ok) throw new Error("hold refused");
    expect(await release(ctx, { workspaceId, holdId: second.holdId })).toMatchObject({ ok: true });
    expect(await keyUsed(keyId)).toBe(100);
    await expectConsistent(workspaceId);
  });

  it("gives a refunded spend back to the key's month and records the key on usage events", async () => {
    const { ctx, workspaceId, member, keyId } = await setup();
    const spent = await unitSpend(ctx, workspaceId, member, 70, keyId);
    if (!spent.ok) throw new Error("spend refused");
    expect(await keyUsed(keyId)).toBe(70);
    const refunded = await refund(ctx, {
      workspaceId,
      entryId: spent.entryId,
      amount: 30,
      reason: "bad result",
      idempotencyKey: randomUUID(),
    });
    expect(refunded).toMatchObject({ ok: true });
    expect(await keyUsed(keyId)).toBe(40);
    const events = await testDb().query.usageEvents.findMany({
      where: (u, { eq }) => eq(u.workspaceId, workspaceId),
    });
    expect(events.map((e) => e.apiKeyId)).toEqual([keyId]);
    await expectConsistent(workspaceId);
  });
});

describe("who may spend top-up credits", () => {
  it("draws only free and subscription credits for a member without top-up permission; others go on", async () => {
    const { ctx, workspaceId, member, ownerId } = await setup({ credits: 1_000 });
    await fund(ctx, workspaceId, 50, { type: "free", expiresAt: "2026-03-11T00:00:00Z" });
    await fund(ctx, workspaceId, 100, { type: "subscription", expiresAt: "2026-04-10T00:00:00Z" });
    await setMember(member, { mayUseTopUp: false });
    const first = await unitSpend(ctx, workspaceId, member, 120);
    expect(first).toMatchObject({ ok: true, split: { free: 50, subscription: 70, topUp: 0 } });
    const refused = await unitSpend(ctx, workspaceId, member, 40);
    expect(refused).toMatchObject({
      ok: false,
      code: "topup_not_allowed",
      details: { required: 40, available: 30 },
    });
    // The owner (allowed by default) still spends, from subscription then top-up credits.
    expect(await unitSpend(ctx, workspaceId, ownerId, 40)).toMatchObject({
      ok: true,
      split: { subscription: 30, topUp: 10 },
    });
    // Allowed again: the member draws top-up credits too.
    await setMember(member, { mayUseTopUp: true });
    expect(await unitSpend(ctx, workspaceId, member, 40)).toMatchObject({ ok: true, split: { topUp: 40 } });
    await expectConsistent(workspaceId);
  });

  it("refuses holds the same way, and the batch agrees record by record", async () => {
    const { ctx, workspaceId, member } = await setup({ credits: 500 });
    await fund(ctx, workspaceId, 30, { type: "subscription", expiresAt: "2026-04-10T00:00:00Z" });
    await setMember(member, { mayUseTopUp: false });
    const held = await hold(ctx, {
      workspaceId,
      membershipId: member,
      ...unitGeneration(40),
      idempotencyKey: randomUUID(),
    });
    expect(held).toMatchObject({ ok: false, code: "topup_not_allowed" });
    const batch = await spendBatch(ctx, workspaceId, [
      { membershipId: member, ...unitGeneration(20), idempotencyKey: randomUUID() },
      { membershipId: member, ...unitGeneration(20), idempotencyKey: randomUUID() },
      { membershipId: member, ...unitGeneration(10), idempotencyKey: randomUUID() },
    ]);
    expect(batch.map((o) => (o.ok ? "ok" : o.code))).toEqual(["ok", "topup_not_allowed", "ok"]);
    expect((await getBalance(ctx, workspaceId))?.byType.subscription?.amount ?? 0).toBe(0);
    await expectConsistent(workspaceId);
  });
});

describe("a member limit that starts from now", () => {
  it("does not count the usage before it in its month, and counts everything the month after", async () => {
    const { ctx, workspaceId, member } = await setup();
    expect(await unitSpend(ctx, workspaceId, member, 900)).toMatchObject({ ok: true });
    // The owner sets a limit of 200 that starts from now: the 900 used so far do not count.
    await setMember(member, { monthlyLimit: 200, limitOffset: 900, limitOffsetPeriod: "2026-03-01" });
    expect(await unitSpend(ctx, workspaceId, member, 150)).toMatchObject({ ok: true });
    // What the member and the owner read says the same: 1,050 used, 900 of it before the limit, 50 left.
    expect(await getMemberAllowance(ctx, workspaceId, member)).toMatchObject({
      limit: 200,
      used: 1_050,
      notCounted: 900,
      remaining: 50,
    });
    expect(await unitSpend(ctx, workspaceId, member, 100)).toMatchObject({
      ok: false,
      code: "member_limit_reached",
      details: { limit: 200, used: 150, remaining: 50, required: 100 },
    });
    // Without the offset the same limit counts the month's usage (the default).
    await setMember(member, { limitOffset: 0 });
    expect(await unitSpend(ctx, workspaceId, member, 10)).toMatchObject({
      ok: false,
      code: "member_limit_reached",
      details: { used: 1_050 },
    });
    // The offset belongs to its month only.
    await setMember(member, { limitOffset: 900, limitOffsetPeriod: "2026-03-01" });
    const april = testContext("2026-04-02T00:00:00Z");
    expect(await unitSpend(april, workspaceId, member, 200)).toMatchObject({ ok: true });
    expect(await unitSpend(april, workspaceId, member, 1)).toMatchObject({
      ok: false,
      code: "member_limit_reached",
      details: { used: 200 },
    });
    await expectConsistent(workspaceId);
  });
});

describe("refusal order", () => {
  it("reports model_not_allowed, then the key's cap, then the member's limit, then the pool", async () => {
    const { ctx, workspaceId, member, keyId } = await setup({ credits: 50, memberLimit: 30 });
    await setMember(member, { mayUseTopUp: false });
    await setKey(keyId, { monthlyCreditCap: 20, allowedModels: ["image"] });
    const code = async () => {
      const outcome = await unitSpend(ctx, workspaceId, member, 40, keyId);
      return outcome.ok ? "ok" : outcome.code;
    };
    expect(await code()).toBe("model_not_allowed");
    await setKey(keyId, { allowedModels: null });
    expect(await code()).toBe("key_budget_reached");
    await setKey(keyId, { monthlyCreditCap: null });
    expect(await code()).toBe("member_limit_reached");
    await setMember(member, { monthlyLimit: null });
    expect(await code()).toBe("topup_not_allowed");
    await setMember(member, { mayUseTopUp: true });
    expect(await code()).toBe("ok");
  });
});

describe("N parallel spends against each new limit", () => {
  it("never overshoots a key's monthly cap", async () => {
    const { workspaceId, member, keyId } = await setup({ credits: 100_000 });
    await setKey(keyId, { monthlyCreditCap: 1_000 });
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        unitSpend(testContext(NOW), workspaceId, member, 30 + (i % 5) * 10, keyId),
      ),
    );
    const spent = outcomes.reduce((sum, o) => sum + (o.ok ? o.amount : 0), 0);
    expect(spent).toBeLessThanOrEqual(1_000);
    expect(spent).toBeGreaterThan(1_000 - 70);
    expect(outcomes.filter((o) => !o.ok).every((o) => !o.ok && o.code === "key_budget_reached")).toBe(true);
    expect(await keyUsed(keyId)).toBe(spent);
    await expectConsistent(workspaceId);
  });

  it("never draws top-up credits for a member without top-up permission", async () => {
    const { ctx, workspaceId, member } = await setup({ credits: 100_000 });
    await fund(ctx, workspaceId, 1_000, { type: "subscription", expiresAt: "2026-04-10T00:00:00Z" });
    await setMember(member, { mayUseTopUp: false });
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        unitSpend(testContext(NOW), workspaceId, member, 30 + (i % 5) * 10),
      ),
    );
    const ok = outcomes.filter((o) => o.ok);
    const spent = ok.reduce((sum, o) => sum + (o.ok ? o.amount : 0), 0);
    expect(spent).toBeLessThanOrEqual(1_000);
    expect(ok.every((o) => o.ok && o.split.topUp === 0)).toBe(true);
    expect(outcomes.filter((o) => !o.ok).every((o) => !o.ok && o.code === "topup_not_allowed")).toBe(true);
    expect((await getBalance(ctx, workspaceId))?.byType.top_up?.amount).toBe(100_000);
    await expectConsistent(workspaceId);
  });

  it("never overshoots a limit that starts from now", async () => {
    const { ctx, workspaceId, member } = await setup({ credits: 100_000 });
    expect(await unitSpend(ctx, workspaceId, member, 5_000)).toMatchObject({ ok: true });
    await setMember(member, { monthlyLimit: 1_000, limitOffset: 5_000, limitOffsetPeriod: "2026-03-01" });
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        unitSpend(testContext(NOW), workspaceId, member, 30 + (i % 5) * 10),
      ),
    );
    const spent = outcomes.reduce((sum, o) => sum + (o.ok ? o.amount : 0), 0);
    expect(spent).toBeLessThanOrEqual(1_000);
    expect(spent).toBeGreaterThan(1_000 - 70);
    await expectConsistent(workspaceId);
  });
});
