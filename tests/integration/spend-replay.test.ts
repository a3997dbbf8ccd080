// A spend's entry stores no answer: a replay rebuilds it from the entry and its usage event
// (cp_entry_answer, db/functions/ledger-helpers.sql). And when cp_debit_records's set-based path spends
// every record, it answers in columns that the caller makes into each record's answer
// (lib/ledger/debit-records.ts; cp_batch_answers in SQL for cp_debit_batch, which keeps one result a
// record for the previous release's instances, and when a revoked key is left out). Every way a
// spend is made must answer with the rows it wrote, and a replay, whichever way it comes, with that
// very answer again, field for field.
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKeys, ledgerEntries, usageEvents } from "@/db/schema";
import { spend, spendBatch } from "@/lib/ledger";
import { debitGroup, priceRecord } from "@/lib/ledger/debit-records";
import { verifyLedger } from "@/lib/ledger/verify";
import type { LedgerOutcome, SpendResult } from "@/lib/ledger/types";
import { getRateCardCached } from "@/db/queries/rate-card";
import { makeApiKey } from "../support/api";
import { ensureTestRates, fund, makeWorkspace, testContext, testDb, unitGeneration } from "../support/db";

beforeAll(async () => {
  await ensureTestRates();
});

const ctx = testContext("2026-03-10T12:00:00Z");

/** A workspace whose pool spans free, subscription and top-up lots, so answers split across them. */
async function pooled() {
  const ws = await makeWorkspace({ subscriptionStatus: "active", members: [{ monthlyLimit: null }] });
  await fund(ctx, ws.workspaceId, 35, { type: "free", expiresAt: "2026-03-11T00:00:00Z" });
  await fund(ctx, ws.workspaceId, 60, { type: "subscription", expiresAt: "2026-04-10T00:00:00Z" });
  await fund(ctx, ws.workspaceId, 10_000, { type: "top_up" });
  return ws;
}

function request(
  ws: { workspaceId: string },
  membershipId: string,
  credits: number,
  idempotencyKey = randomUUID(),
) {
  return { membershipId, ...unitGeneration(credits), idempotencyKey };
}

type Request = ReturnType<typeof request>;

function spent(outcomes: LedgerOutcome<SpendResult>[]): SpendResult[] {
  return outcomes.map((o) => {
    if (!o.ok) throw new Error(`refused: ${o.code}`);
    return o;
  });
}

/** Each answer names the entry and the usage event it wrote, and says what they say. */
async function expectRowsOf(workspaceId: string, answers: SpendResult[]) {
  const ids = answers.map((a) => a.entryId);
  const entries = await testDb()
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.workspaceId, workspaceId), inArray(ledgerEntries.id, ids)));
  const events = await testDb()
    .select()
    .from(usageEvents)
    .where(and(eq(usageEvents.workspaceId, workspaceId), inArray(usageEvents.ledgerEntryId, ids)));
  const entryById = new Map(entries.map((e) => [e.id, e]));
  const eventByEntry = new Map(events.map((e) => [e.ledgerEntryId, e]));
  for (const answer of answers) {
    const entry = entryById.get(answer.entryId);
    expect(entry, `entry ${answer.entryId}`).toMatchObject({
      code: "spend",
      amount: 0 - answer.amount,
      balanceAfter: answer.balanceAfter,
      membershipId: answer.membershipId,
      splitFree: 0 - answer.split.free,
      splitSubscription: 0 - answer.split.subscription,
      splitTopUp: 0 - answer.split.topUp,
      splitAdjustment: 0 - answer.split.adjustment,
      // Not stored: cp_entry_answer rebuilds it.
      result: null,
    });
    expect(eventByEntry.get(answer.entryId)).toMatchObject({
      id: answer.usageEventId,
      credits: answer.amount,
    });
  }
}

/** Replays `requests` one by one (cp_debit), as a batch (cp_debit_records) and as a group (cp_debit_group). */
async function expectReplays(ws: { workspaceId: string }, requests: Request[], first: SpendResult[]) {
  const replayed = first.map((answer) => ({ ...answer, replayed: true }));
  const one: LedgerOutcome<SpendResult>[] = [];
  for (const q of requests) one.push(await spend(ctx, { workspaceId: ws.workspaceId, ...q }));
  expect(one).toEqual(replayed);
  expect(await spendBatch(ctx, ws.workspaceId, requests)).toEqual(replayed);
  const rates = await getRateCardCached(testDb());
  const records = requests.map((q) => {
    const priced = priceRecord(rates, "spend", { ...q, settings: {}, apiKeyId: null });
    if (!priced.ok) throw new Error(priced.code);
    return priced.data;
  });
  expect(await debitGroup(ctx, [{ workspaceId: ws.workspaceId, records }])).toEqual([replayed]);
}

describe("a spend's answer", () => {
  it("is the rows it wrote, and a replay answers it again, for every way a spend is made", async () => {
    const ws = await pooled();
    const member = ws.members[0]!.id;
    // One by one (cp_debit): the first draws free credits only, the second free and subscription.
    const single = [request(ws, member, 20), request(ws, member, 30)];
    const singleAnswers: SpendResult[] = [];
    for (const q of single)
      singleAnswers.push(...spent([await spend(ctx, { workspaceId: ws.workspaceId, ...q })]));
    // A batch of new keys (the set-based path's columns), across the last subscription and top-up credits.
    const set = [10, 20, 30, 5].map((credits) => request(ws, member, credits));
    const setAnswers = spent(await spendBatch(ctx, ws.workspaceId, set));
    // A batch that repeats a key (the record-by-record loop): the repeat replays the first answer.
    const looped = [request(ws, member, 10), request(ws, ws.ownerId, 20)];
    const loopAnswers = spent(await spendBatch(ctx, ws.workspaceId, [...looped, looped[0]!]));
    expect(loopAnswers[2]).toEqual({ ...loopAnswers[0], replayed: true });

    const all = [...single, ...set, ...looped];
    const answers = [...singleAnswers, ...setAnswers, ...loopAnswers.slice(0, 2)];
    expect(answers.map((a) => [a.amount, a.split])).toEqual([
      [20, { free: 20, subscription: 0, topUp: 0, adjustment: 0 }],
      [30, { free: 15, subscription: 15, topUp: 0, adjustment: 0 }],
      [10, { free: 0, subscription: 10, topUp: 0, adjustment: 0 }],
      [20, { free: 0, subscription: 20, topUp: 0, adjustment: 0 }],
      [30, { free: 0, subscription: 15, topUp: 15, adjustment: 0 }],
      [5, { free: 0, subscription: 0, topUp: 5, adjustment: 0 }],
      [10, { free: 0, subscription: 0, topUp: 10, adjustment: 0 }],
      [20, { free: 0, subscription: 0, topUp: 20, adjustment: 0 }],
    ]);
    // Each balance is the one before less the amount: 10,095 to start with.
    expect(answers.map((a) => a.balanceAfter)).toEqual(
      answers.map((_, i) => 10_095 - answers.slice(0, i + 1).reduce((sum, a) => sum + a.amount, 0)),
    );
    expect(answers.map((a) => a.membershipId)).toEqual(all.map((q) => q.membershipId));
    await expectRowsOf(ws.workspaceId, answers);
    await expectReplays(ws, all, answers);
    expect(await verifyLedger(testDb(), { workspaceId: ws.workspaceId })).toEqual([]);
  });

  it("from a group of workspaces, and around a revoked key left out of a batch, is the rows it wrote too", async () => {
    const [a, b] = [await pooled(), await pooled()];
    const rates = await getRateCardCached(testDb());
    const requestsOf = (ws: typeof a) =>
      [25, 25, 30].map((credits) => request(ws, ws.members[0]!.id, credits));
    const groupRequests = [requestsOf(a), requestsOf(b)];
    const group = await debitGroup(
      ctx,
      [a, b].map((ws, i) => ({
        workspaceId: ws.workspaceId,
        records: groupRequests[i]!.map((q) => {
          const priced = priceRecord(rates, "spend", { ...q, settings: {}, apiKeyId: null });
          if (!priced.ok) throw new Error(priced.code);
          return priced.data;
        }),
      })),
    );
    for (const [i, ws] of [a, b].entries()) {
      const answers = spent(group[i]!);
      expect(answers.map((a) => a.balanceAfter)).toEqual([10_070, 10_045, 10_015]);
      await expectRowsOf(ws.workspaceId, answers);
      await expectReplays(ws, groupRequests[i]!, answers);
    }

    // A revoked key's record is refused and the others go through the set-based path without it;
    // cp_batch_answers makes their columns into answers in SQL.
    const live = await makeApiKey(a.workspaceId);
    const revoked = await makeApiKey(a.workspaceId);
    await testDb().update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, revoked.id));
    const member = a.members[0]!.id;
    const mixed = [live.id, revoked.id, live.id, live.id].map((apiKeyId, i) => ({
      ...request(a, member, 10 * (i + 1)),
      apiKeyId,
    }));
    const outcomes = await spendBatch(ctx, a.workspaceId, mixed);
    expect(outcomes.map((o) => (o.ok ? o.balanceAfter : o.code))).toEqual([
      10_005,
      "api_key_revoked",
      9_975,
      9_935,
    ]);
    const kept = spent(outcomes.filter((o) => o.ok));
    expect(kept.map((o) => o.split)).toEqual([
      { free: 0, subscription: 10, topUp: 0, adjustment: 0 },
      { free: 0, subscription: 5, topUp: 25, adjustment: 0 },
      { free: 0, subscription: 0, topUp: 40, adjustment: 0 },
    ]);
    await expectRowsOf(a.workspaceId, kept);
    const keptRequests = mixed.filter((q) => q.apiKeyId === live.id);
    expect(await spendBatch(ctx, a.workspaceId, keptRequests)).toEqual(
      kept.map((o) => ({ ...o, replayed: true })),
    );
    for (const ws of [a, b])
      expect(await verifyLedger(testDb(), { workspaceId: ws.workspaceId })).toEqual([]);
  });

  it("is one result a record from cp_debit_batch, which the previous release's instances call", async () => {
    const ws = await pooled();
    const rates = await getRateCardCached(testDb());
    const requests = [25, 25, 30].map((credits) => request(ws, ws.members[0]!.id, credits));
    const records = requests.map((q) => {
      const priced = priceRecord(rates, "spend", { ...q, settings: {}, apiKeyId: null });
      if (!priced.ok) throw new Error(priced.code);
      return priced.data;
    });
    const call = (fn: "cp_debit_batch" | "cp_debit_records", batch: typeof records) =>
      testDb().execute<{ answer: unknown; kind: string }>(
        sql`select a as answer, jsonb_typeof(a) as kind
              from ${sql.raw(fn)}(${ws.workspaceId}::uuid, ${JSON.stringify(batch)}::jsonb, ${"2026-03-10T12:00:00Z"}::timestamptz) a`,
      );
    const [old] = await call("cp_debit_batch", records);
    expect(old?.kind).toBe("array");
    const answers = spent(old!.answer as LedgerOutcome<SpendResult>[]);
    expect(answers.map((a) => a.balanceAfter)).toEqual([10_070, 10_045, 10_015]);
    await expectRowsOf(ws.workspaceId, answers);
    await expectReplays(ws, requests, answers);
    // What this release's Node calls answers the set-based path in columns.
    const fresh = [request(ws, ws.ownerId, 5)].map((q) => {
      const priced = priceRecord(rates, "spend", { ...q, settings: {}, apiKeyId: null });
      if (!priced.ok) throw new Error(priced.code);
      return priced.data;
    });
    expect((await call("cp_debit_records", fresh))[0]).toMatchObject({
      kind: "object",
      answer: { balanceBefore: 10_015, splitSubscription: [5] },
    });
  });

  it("comes back as stored when its entry stores one (as every spend did before answers were rebuilt)", async () => {
    const ws = await pooled();
    const q = request(ws, ws.ownerId, 10);
    const [first] = spent([await spend(ctx, { workspaceId: ws.workspaceId, ...q })]);
    // A spend entry as one was written before: the same request under another key, with its answer.
    const stored = { ok: true, replayed: false, entryId: 1, usageEventId: randomUUID(), note: "stored" };
    const key = randomUUID();
    await testDb().execute(sql`
      insert into ledger_entries (workspace_id, amount, balance_after, code, membership_id, usage_period,
          split_free, split_subscription, split_top_up, split_adjustment, idempotency_key, request_hash, result,
          metadata, created_at)
        select workspace_id, amount, balance_after, code, membership_id, usage_period, split_free,
               split_subscription, split_top_up, split_adjustment, ${key}, request_hash,
               ${JSON.stringify(stored)}::jsonb, metadata, created_at
          from ledger_entries where id = ${first!.entryId}`);
    expect(await spend(ctx, { workspaceId: ws.workspaceId, ...q, idempotencyKey: key })).toEqual({
      ...stored,
      replayed: true,
    });
    expect(
      await spendBatch(ctx, ws.workspaceId, [{ ...q, idempotencyKey: key }, request(ws, ws.ownerId, 1)]),
    ).toEqual([
      { ...stored, replayed: true },
      expect.objectContaining({ ok: true, replayed: false, amount: 1 }),
    ]);
  });
});
