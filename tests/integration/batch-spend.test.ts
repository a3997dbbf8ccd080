// The set-based batch spend applies exactly the rules of single spends: the same records sent as
// one batch to one workspace and one by one to an identical twin end in the same place: member limits
// (one that started from now), top-up permission, API key caps and allowed lists included.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { apiKeys, ledgerEntries, memberships, usageEvents } from "@/db/schema";
import { getBalance, getMemberAllowance, spend, spendBatch } from "@/lib/ledger";
import { verifyLedger } from "@/lib/ledger/verify";
import { makeApiKey } from "../support/api";
import { ensureTestRates, fund, makeWorkspace, testContext, testDb } from "../support/db";

beforeAll(async () => {
  await ensureTestRates();
});

async function twin(subscriptionStatus: "active" | "canceled") {
  const ws = await makeWorkspace({
    subscriptionStatus,
    members: [{ monthlyLimit: 300 }, { monthlyLimit: null }, { monthlyLimit: 250 }],
  });
  // Member 3 may not use top-up credits and has a limit that started from now (after 100 credits).
  await testDb()
    .update(memberships)
    .set({ mayUseTopUp: false, limitOffset: 100, limitOffsetPeriod: "2026-03-01" })
    .where(eq(memberships.id, ws.members[2]!.id));
  // Key 0: a monthly cap; key 1: only `unit:one` allowed (no pro); key 2: no budget of its own.
  const capped = await makeApiKey(ws.workspaceId);
  const listed = await makeApiKey(ws.workspaceId);
  const free = await makeApiKey(ws.workspaceId);
  await testDb().update(apiKeys).set({ monthlyCreditCap: 200 }).where(eq(apiKeys.id, capped.id));
  await testDb()
    .update(apiKeys)
    .set({ allowedModels: ["unit:one"] })
    .where(eq(apiKeys.id, listed.id));
  const ctx = testContext("2026-03-10T12:00:00Z");
  await fund(ctx, ws.workspaceId, 150, { type: "free", expiresAt: "2026-03-11T00:00:00Z" });
  ctx.clock.advance(1_000);
  await fund(ctx, ws.workspaceId, 400, { type: "subscription", expiresAt: "2026-04-10T00:00:00Z" });
  ctx.clock.advance(1_000);
  await fund(ctx, ws.workspaceId, 100, { type: "top_up" });
  ctx.clock.set("2026-03-10T13:00:00Z");
  return {
    ...ws,
    ctx,
    memberIds: [ws.ownerId, ws.members[0]!.id, ws.members[1]!.id, ws.members[2]!.id],
    keyIds: [capped.id, listed.id, free.id, null],
  };
}

const record = fc.record({
  member: fc.integer({ min: 0, max: 3 }),
  apiKey: fc.integer({ min: 0, max: 3 }),
  pro: fc.boolean(),
  credits: fc.noBias(fc.integer({ min: 1, max: 100 })),
  // Some records reuse an earlier key: with the same body that is a repeat, with another a conflict.
  reuseKey: fc.option(fc.nat(), { freq: 4 }),
});

type Request = { key: string; member: number; apiKey: number; model: string; results: number };

/**
 * Sends `requests` as one batch to one twin and one by one to the other, expects the same outcome
 * record by record and the same end state, and returns the refusal codes met.
 */
async function compare(requests: Request[], status: "active" | "canceled"): Promise<string[]> {
  const a = await twin(status);
  const b = await twin(status);
  const batch = await spendBatch(
    a.ctx,
    a.workspaceId,
    requests.map((q) => ({
      membershipId: a.memberIds[q.member]!,
      feature: "unit",
      model: q.model,
      results: q.results,
      idempotencyKey: q.key,
      apiKeyId: a.keyIds[q.apiKey]!,
    })),
  );
  const single = [];
  for (const q of requests) {
    single.push(
      await spend(b.ctx, {
        workspaceId: b.workspaceId,
        membershipId: b.memberIds[q.member]!,
        feature: "unit",
        model: q.model,
        results: q.results,
        idempotencyKey: q.key,
        apiKeyId: b.keyIds[q.apiKey]!,
      }),
    );
  }
  const shape = (o: (typeof batch)[number]) =>
    o.ok
      ? { ok: true, replayed: o.replayed, amount: o.amount, split: o.split, balanceAfter: o.balanceAfter }
      : { ok: false, code: o.code };
  expect(batch.map(shape)).toEqual(single.map(shape));
  const [ba, bb] = await Promise.all([getBalance(a.ctx, a.workspaceId), getBalance(b.ctx, b.workspaceId)]);
  expect({ ...ba, byType: { ...ba!.byType } }).toEqual({ ...bb, byType: { ...bb!.byType } });
  for (let m = 0; m < 4; m += 1) {
    expect((await getMemberAllowance(a.ctx, a.workspaceId, a.memberIds[m]!))?.used).toBe(
      (await getMemberAllowance(b.ctx, b.workspaceId, b.memberIds[m]!))?.used,
    );
  }
  expect(await verifyLedger(testDb(), { workspaceId: a.workspaceId })).toEqual([]);
  return single.flatMap((o) => (o.ok ? [] : [o.code]));
}

it("matches single spends record by record, including refusals, repeats and key conflicts", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(record, { minLength: 1, maxLength: 60, size: "large" }),
      fc.boolean(),
      async (records, active) => {
        const keys: string[] = [];
        const requests = records.map((r) => {
          const reused = r.reuseKey !== null && keys.length > 0 ? keys[r.reuseKey % keys.length]! : null;
          const key = reused ?? randomUUID();
          keys.push(key);
          const model = r.pro ? "one-pro" : "one";
          return { key, member: r.member, apiKey: r.apiKey, model, results: r.credits };
        });
        await compare(requests, active ? "active" : "canceled");
      },
    ),
    { numRuns: 25 },
  );
}, 120_000);

it("takes the set-based path for batches every record of which is spent, and ends where single spends do", async () => {
  // New keys only and small amounts: most batches are spent whole (cp_debit_batch's set-based path:
  // running sums across the free, subscription and top-up lots), the rest fall back to the loop.
  let spentWhole = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          member: fc.integer({ min: 0, max: 3 }),
          apiKey: fc.integer({ min: 0, max: 3 }),
          pro: fc.boolean(),
          credits: fc.constantFrom(5, 10, 25),
        }),
        { minLength: 10, maxLength: 30 },
      ),
      // One member and one kind for the whole batch (uniform eligibility), or each record its own.
      fc.option(fc.record({ member: fc.integer({ min: 0, max: 2 }), pro: fc.boolean() })),
      async (records, uniform) => {
        const requests = records.map((r) => ({
          key: randomUUID(),
          member: uniform?.member ?? r.member,
          apiKey: r.apiKey === 0 || r.apiKey === 1 ? 2 : r.apiKey,
          model: (uniform?.pro ?? r.pro) ? "one-pro" : "one",
          results: r.credits,
        }));
        if ((await compare(requests, "active")).length === 0) spentWhole += 1;
      },
    ),
    { numRuns: 12 },
  );
  expect(spentWhole).toBeGreaterThan(2);
}, 240_000);

it("agrees on every refusal a limit gives", async () => {
  // Members: 0 owner, 1 limit 300, 2 Unlimited, 3 no top-up (limit 250 from now); keys: 0 cap 200,
  // 1 unit:one only, 2 no budget, 3 none. The pool: 150 free, 400 subscription, 100 top-up.
  const q = (member: number, apiKey: number, results: number, model = "one", key = randomUUID()) => ({
    key,
    member,
    apiKey,
    model,
    results,
  });
  const reused = randomUUID();
  const requests = [
    q(0, 3, 100),
    q(0, 3, 100),
    q(0, 3, 100),
    q(0, 3, 100),
    q(1, 2, 100, "one", reused), // free and subscription: 50 left
    q(3, 3, 60), // topup_not_allowed
    q(3, 3, 40),
    q(0, 1, 1, "one-pro"), // model_not_allowed
    q(2, 0, 100),
    q(2, 0, 11, "ten"), // key_budget_reached (cap 200)
    q(1, 2, 99, "one", reused), // idempotency_conflict
    q(1, 2, 25, "ten"), // member_limit_reached (100 + 250 over 300)
    q(2, 2, 50), // insufficient_credits
  ];
  expect(await compare(requests, "active")).toEqual([
    "topup_not_allowed",
    "model_not_allowed",
    "key_budget_reached",
    "idempotency_conflict",
    "member_limit_reached",
    "insufficient_credits",
  ]);
});

it("counts a member's earlier records in the same batch against their monthly limit", async () => {
  const ws = await makeWorkspace({ members: [{ monthlyLimit: 300 }, { monthlyLimit: null }] });
  const ctx = testContext("2026-03-10T12:00:00Z");
  await fund(ctx, ws.workspaceId, 10_000);
  const limited = ws.members[0]!.id;
  const unlimited = ws.members[1]!.id;
  const record = (membershipId: string) => ({
    membershipId,
    feature: "unit",
    model: "one",
    results: 100,
    idempotencyKey: randomUUID(),
  });
  const outcomes = await spendBatch(ctx, ws.workspaceId, [
    ...[1, 2, 3, 4].map(() => record(limited)),
    record(unlimited),
  ]);
  expect(outcomes.map((o) => (o.ok ? "ok" : o.code))).toEqual([
    "ok",
    "ok",
    "ok",
    "member_limit_reached",
    "ok",
  ]);
  expect((await getMemberAllowance(ctx, ws.workspaceId, limited))?.used).toBe(300);
});

it("replays a key only in its own workspace: another workspace's same key is a new spend", async () => {
  const ctx = testContext("2026-03-10T12:00:00Z");
  const first = await makeWorkspace({});
  const second = await makeWorkspace({});
  await fund(ctx, first.workspaceId, 1_000);
  await fund(ctx, second.workspaceId, 1_000);
  const keys = [randomUUID(), randomUUID()];
  const batch = (ws: { workspaceId: string; ownerId: string }, keyList: string[]) =>
    spendBatch(
      ctx,
      ws.workspaceId,
      keyList.map((idempotencyKey) => ({
        membershipId: ws.ownerId,
        feature: "unit",
        model: "one",
        results: 1,
        idempotencyKey,
      })),
    );
  const made = await batch(first, keys);
  expect(made.map((o) => o.ok && !o.replayed)).toEqual([true, true]);
  const perRecord = made[0]?.ok ? made[0].amount : 0;
  expect(perRecord).toBeGreaterThan(0);
  // The same keys elsewhere: spent there (set-based path: no key of this batch is in its ledger).
  const elsewhere = await batch(second, keys);
  expect(elsewhere.map((o) => o.ok && !o.replayed)).toEqual([true, true]);
  expect((await getBalance(ctx, second.workspaceId))?.total).toBe(1_000 - 2 * perRecord);
  // And again in the first: replays of the first answers, nothing charged.
  const again = await batch(first, [...keys, randomUUID()]);
  expect(again.map((o) => o.ok && o.replayed)).toEqual([true, true, false]);
  expect(again.slice(0, 2)).toEqual(made.map((o) => (o.ok ? { ...o, replayed: true } : o)));
  // Only the new key was charged: the set-based attempt that met the known keys wrote nothing.
  expect((await getBalance(ctx, first.workspaceId))?.total).toBe(1_000 - 3 * perRecord);
  expect(await verifyLedger(testDb(), { workspaceId: first.workspaceId })).toEqual([]);
});

it("undoes the whole set-based attempt when its last record's key is already in the ledger", async () => {
  // No key twice in the batch, so cp_debit_batch tries the set-based path first and leaves the replay
  // check to the unique (key, workspace) index: the last record's insert fails, and every row written
  // before it (entries, allocations, usage events, lots, member and key usage) must be undone before
  // the record-by-record loop answers.
  const ctx = testContext("2026-03-10T12:00:00Z");
  const ws = await makeWorkspace({ members: [{ monthlyLimit: 1_000 }] });
  const key = await makeApiKey(ws.workspaceId);
  await fund(ctx, ws.workspaceId, 1_000);
  const member = ws.members[0]!.id;
  const record = (idempotencyKey: string, results = 10) => ({
    membershipId: member,
    apiKeyId: key.id,
    feature: "unit",
    model: "one",
    results,
    idempotencyKey,
  });
  const known = randomUUID();
  const [first] = await spendBatch(ctx, ws.workspaceId, [record(known)]);
  expect(first?.ok).toBe(true);
  const fresh = Array.from({ length: 20 }, () => randomUUID());
  // The same key with the same body is a replay; with another body, a conflict.
  for (const [last, expected] of [
    [record(known), "replayed"],
    [record(known, 11), "idempotency_conflict"],
  ] as const) {
    const keys = fresh.splice(0, 10);
    const outcomes = await spendBatch(ctx, ws.workspaceId, [...keys.map((k) => record(k)), last]);
    expect(outcomes.map((o) => (o.ok ? (o.replayed ? "replayed" : "ok") : o.code))).toEqual([
      ...keys.map(() => "ok"),
      expected,
    ]);
  }
  // 21 spends of 10 credits each, exactly once: one row each in the ledger and in usage.
  const entries = await testDb()
    .select({ id: ledgerEntries.id })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.workspaceId, ws.workspaceId), eq(ledgerEntries.code, "spend")));
  const events = await testDb()
    .select({ id: usageEvents.id })
    .from(usageEvents)
    .where(eq(usageEvents.workspaceId, ws.workspaceId));
  expect([entries.length, events.length]).toEqual([21, 21]);
  const perRecord = first?.ok ? first.amount : 0;
  expect((await getBalance(ctx, ws.workspaceId))?.total).toBe(1_000 - 21 * perRecord);
  expect((await getMemberAllowance(ctx, ws.workspaceId, member))?.used).toBe(21 * perRecord);
  expect(await verifyLedger(testDb(), { workspaceId: ws.workspaceId })).toEqual([]);
});

it("takes a member id in upper case alone and in a batch, and answers it as the ledger stores it", async () => {
  const ctx = testContext("2026-03-10T12:00:00Z");
  const ws = await makeWorkspace({ members: [{ monthlyLimit: 1_000 }] });
  await fund(ctx, ws.workspaceId, 1_000, { type: "top_up" });
  const member = ws.members[0]!.id;
  const record = (membershipId: string) => ({
    membershipId,
    feature: "unit",
    model: "one",
    results: 1,
    idempotencyKey: randomUUID(),
  });
  // The same generation by the same member, its id in upper case, then in lower case: one member.
  const alone = await spend(ctx, { ...record(member.toUpperCase()), workspaceId: ws.workspaceId });
  const batch = await spendBatch(ctx, ws.workspaceId, [record(member.toUpperCase()), record(member)]);
  const outcomes = [alone, ...batch];
  expect(outcomes.map((o) => (o.ok ? o.membershipId : o.code))).toEqual([member, member, member]);
  const perRecord = alone.ok ? alone.amount : 0;
  expect(perRecord).toBeGreaterThan(0);
  expect((await getMemberAllowance(ctx, ws.workspaceId, member))?.used).toBe(3 * perRecord);
  expect(await verifyLedger(testDb(), { workspaceId: ws.workspaceId })).toEqual([]);
});
