// The set-based batch spend applies exactly the rules of single spends: the same records sent as
// one batch to one workspace and one by one to an identical twin end in the same place.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { getBalance, getMemberAllowance, spend, spendBatch } from "@/lib/ledger";
import { verifyLedger } from "@/lib/ledger/verify";
import { ensureTestRates, fund, makeWorkspace, testContext, testDb } from "../support/db";

beforeAll(async () => {
  await ensureTestRates();
});

async function twin(subscriptionStatus: "active" | "canceled") {
  const ws = await makeWorkspace({
    subscriptionStatus,
    members: [{ monthlyLimit: 300 }, { monthlyLimit: null }],
  });
  const ctx = testContext("2026-03-10T12:00:00Z");
  await fund(ctx, ws.workspaceId, 150, { type: "free", expiresAt: "2026-03-11T00:00:00Z" });
  ctx.clock.advance(1_000);
  await fund(ctx, ws.workspaceId, 400, { type: "subscription", expiresAt: "2026-04-10T00:00:00Z" });
  ctx.clock.advance(1_000);
  await fund(ctx, ws.workspaceId, 300, { type: "top_up" });
  ctx.clock.set("2026-03-10T13:00:00Z");
  return { ...ws, ctx, memberIds: [ws.ownerId, ws.members[0]!.id, ws.members[1]!.id] };
}

const record = fc.record({
  member: fc.integer({ min: 0, max: 2 }),
  pro: fc.boolean(),
  credits: fc.integer({ min: 1, max: 100 }),
  // Some records reuse an earlier key: with the same body that is a repeat, with another a conflict.
  reuseKey: fc.option(fc.nat(), { freq: 4 }),
});

it("matches single spends record by record, including refusals, repeats and key conflicts", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(record, { minLength: 1, maxLength: 60 }),
      fc.boolean(),
      async (records, active) => {
        const a = await twin(active ? "active" : "canceled");
        const b = await twin(active ? "active" : "canceled");
        const keys: string[] = [];
        const requests = records.map((r) => {
          const reused = r.reuseKey !== null && keys.length > 0 ? keys[r.reuseKey % keys.length]! : null;
          const key = reused ?? randomUUID();
          keys.push(key);
          return { key, member: r.member, model: r.pro ? "one-pro" : "one", results: r.credits };
        });
        const batch = await spendBatch(
          a.ctx,
          a.workspaceId,
          requests.map((q) => ({
            membershipId: a.memberIds[q.member]!,
            feature: "unit",
            model: q.model,
            results: q.results,
            idempotencyKey: q.key,
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
            }),
          );
        }
        const shape = (o: (typeof batch)[number]) =>
          o.ok
            ? {
                ok: true,
                replayed: o.replayed,
                amount: o.amount,
                split: o.split,
                balanceAfter: o.balanceAfter,
              }
            : { ok: false, code: o.code };
        expect(batch.map(shape)).toEqual(single.map(shape));
        const [ba, bb] = await Promise.all([
          getBalance(a.ctx, a.workspaceId),
          getBalance(b.ctx, b.workspaceId),
        ]);
        expect({ ...ba, byType: { ...ba!.byType } }).toEqual({ ...bb, byType: { ...bb!.byType } });
        for (let m = 0; m < 3; m += 1) {
          expect((await getMemberAllowance(a.ctx, a.workspaceId, a.memberIds[m]!))?.used).toBe(
            (await getMemberAllowance(b.ctx, b.workspaceId, b.memberIds[m]!))?.used,
          );
        }
        expect(await verifyLedger(testDb(), { workspaceId: a.workspaceId })).toEqual([]);
      },
    ),
    { numRuns: 25 },
  );
}, 120_000);

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
