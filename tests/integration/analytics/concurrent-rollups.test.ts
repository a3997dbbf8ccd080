// Rollups stay exact under concurrent writes: parallel single spends, batch spends, settled holds
// and refunds on one workspace, then every rollup row equals the grouped raw events and the total
// equals the ledger's spend entries less their refunds; usage_daily_totals and usage_daily_members
// add up to usage_daily.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { hold, refund, settle, spend, spendBatch } from "@/lib/ledger";
import { verifyLedger } from "@/lib/ledger/verify";
import { ensureTestRates, fund, makeWorkspace, testContext, testDb, unitGeneration } from "../../support/db";

beforeAll(async () => {
  await ensureTestRates();
});

it("keeps every rollup row equal to the raw events while spends, batches, holds and refunds race", async () => {
  const ws = await makeWorkspace({
    timeZone: "Asia/Kolkata",
    members: Array.from({ length: 3 }, () => ({ monthlyLimit: null })),
  });
  const memberIds = [ws.ownerId, ...ws.members.map((m) => m.id)];
  // Just before midnight in Kolkata, so the writes straddle two local days.
  const ctx = testContext("2026-06-10T18:29:59.000Z");
  await fund(ctx, ws.workspaceId, 10_000_000);
  const models = ["one", "ten", "hundred"] as const;
  const sizes = { one: 1, ten: 10, hundred: 100 };

  const singles = Array.from({ length: 8 }, (_, worker) => async () => {
    for (let i = 0; i < 25; i += 1) {
      const model = models[(worker + i) % 3]!;
      const outcome = await spend(ctx, {
        workspaceId: ws.workspaceId,
        membershipId: memberIds[(worker + i) % memberIds.length]!,
        ...unitGeneration(sizes[model] * ((i % 4) + 1)),
        idempotencyKey: randomUUID(),
      });
      expect(outcome.ok).toBe(true);
      if (outcome.ok && i % 5 === 0) {
        const refunded = await refund(ctx, {
          workspaceId: ws.workspaceId,
          entryId: outcome.entryId,
          amount: i % 10 === 0 ? undefined : 1,
          idempotencyKey: randomUUID(),
        });
        expect(refunded.ok).toBe(true);
      }
      if (i === 12) ctx.clock.set("2026-06-10T18:30:01.000Z");
    }
  });
  const batches = Array.from({ length: 4 }, (_, worker) => async () => {
    for (let round = 0; round < 3; round += 1) {
      const outcomes = await spendBatch(
        ctx,
        ws.workspaceId,
        Array.from({ length: 100 }, (_, i) => ({
          membershipId: memberIds[(worker + i) % memberIds.length]!,
          ...unitGeneration(sizes[models[i % 3]!] * ((i % 3) + 1)),
          idempotencyKey: randomUUID(),
        })),
      );
      expect(outcomes.every((o) => o.ok)).toBe(true);
    }
  });
  const holdsAndSettles = Array.from({ length: 2 }, (_, worker) => async () => {
    for (let i = 0; i < 10; i += 1) {
      const held = await hold(ctx, {
        workspaceId: ws.workspaceId,
        membershipId: memberIds[worker]!,
        ...unitGeneration(500),
        idempotencyKey: randomUUID(),
      });
      if (!held.ok) throw new Error(held.message);
      const settled = await settle(ctx, {
        workspaceId: ws.workspaceId,
        holdId: held.holdId,
        results: 1 + (i % 5),
      });
      expect(settled.ok).toBe(true);
    }
  });
  await Promise.all([...singles, ...batches, ...holdsAndSettles].map((run) => run()));

  const db = testDb();
  const mismatches = await db.execute(sql`
    with raw as (
      select (e.created_at at time zone w.time_zone)::date as day, e.membership_id, e.feature, e.model,
             count(*)::bigint as generations, sum(e.results)::bigint as results,
             sum(e.credits)::bigint as credits, sum(e.credits_refunded)::bigint as credits_refunded
        from usage_events e join workspaces w on w.id = e.workspace_id
       where e.workspace_id = ${ws.workspaceId}::uuid
       group by 1, 2, 3, 4),
    rolled as (
      select day, membership_id, feature, model, generations, results, credits, credits_refunded
        from usage_daily where workspace_id = ${ws.workspaceId}::uuid)
    (select * from raw except select * from rolled)
    union all
    (select * from rolled except select * from raw)`);
  expect(mismatches).toEqual([]);

  const [check] = await db.execute<{ rolled: string; ledger: string; events: string; days: string }>(sql`
    select (select sum(credits - credits_refunded) from usage_daily where workspace_id = ${ws.workspaceId}::uuid) as rolled,
           (select -sum(amount) from ledger_entries where workspace_id = ${ws.workspaceId}::uuid and code = 'spend')
             - (select coalesce(sum(amount), 0) from ledger_entries
                 where workspace_id = ${ws.workspaceId}::uuid and code = 'refund') as ledger,
           (select count(*) from usage_events where workspace_id = ${ws.workspaceId}::uuid) as events,
           (select count(distinct day) from usage_daily where workspace_id = ${ws.workspaceId}::uuid) as days`);
  expect(Number(check?.events)).toBe(8 * 25 + 4 * 3 * 100 + 2 * 10);
  expect(Number(check?.rolled)).toBe(Number(check?.ledger));
  expect(Number(check?.days)).toBe(2);
  // And the rollups without the member (what Analytics reads unless a member is chosen) add up to it.
  const [rows] = await db.execute<{ totals: string; members: string }>(sql`
    select (select count(*) from usage_daily_totals where workspace_id = ${ws.workspaceId}::uuid) as totals,
           (select count(*) from usage_daily_members where workspace_id = ${ws.workspaceId}::uuid) as members`);
  expect(Number(rows?.totals)).toBeGreaterThan(0);
  expect(Number(rows?.members)).toBeGreaterThan(0);
  expect(await verifyLedger(db, { workspaceId: ws.workspaceId })).toEqual([]);
});
