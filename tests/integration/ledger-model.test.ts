// Property test: thousands of random ledger steps against real Postgres and, side by side, a
// plain in-memory model of the rules. After every step the outcome and the balances must agree.
// The model knows member limits (one of them restarted "from now" at random), a member without
// top-up permission, and API keys with a monthly cap and an allowed list.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import {
  expire,
  getBalance,
  getMemberAllowance,
  grant,
  hold,
  refund,
  release,
  releaseTimedOutHolds,
  settle,
  spend,
  type LedgerFailureCode,
} from "@/lib/ledger";
import { verifyLedger } from "@/lib/ledger/verify";
import { apiKeys, apiKeyUsage, memberships } from "@/db/schema";
import { makeApiKey } from "../support/api";
import { ensureTestRates, makeWorkspace, testContext, testDb } from "../support/db";

type LotType = "free" | "subscription" | "top_up";
type Lot = { id: string; type: LotType; remaining: number; expiresAt: number | null; grantedAt: number };
type Allocation = { lot: string; type: LotType; amount: number };
type ModelHold = {
  id: string;
  member: number;
  key: number;
  amount: number;
  results: number;
  pro: boolean;
  allocations: Allocation[];
  expiresAt: number;
  period: string;
  status: "active" | "settled" | "released" | "expired";
  settledWith?: number;
};
type ModelSpend = {
  entryId: number;
  member: number;
  key: number;
  amount: number;
  allocations: Allocation[];
  refunded: number;
  period: string;
};

const RANK: Record<LotType, number> = { free: 0, subscription: 1, top_up: 2 };
const LIMITS = [null, 150, null] as const; // member 0: Unlimited, member 1: 150 a month, member 2: Unlimited
const NO_TOP_UP = 2; // member 2 may not use top-up credits
const KEY_CAP = 150; // key 0: 250 credits a month; key 1: only `unit:one` (no pro); key 2: the app, no key

class Model {
  lots = new Map<string, Lot>();
  holds: ModelHold[] = [];
  spends: ModelSpend[] = [];
  usage = new Map<string, number>(); // `${member}:${period}`
  keyUsage = new Map<string, number>(); // `${key}:${period}`
  offset = new Map<number, { amount: number; period: string }>(); // a limit that started from now
  lifetimeAdded = 0;
  lifetimeSpent = 0;

  constructor(public now: number) {}

  period(at = this.now) {
    return new Date(at).toISOString().slice(0, 7);
  }
  live(lot: Lot) {
    return lot.remaining > 0 && (lot.expiresAt === null || lot.expiresAt > this.now);
  }
  expireDue() {
    for (const lot of this.lots.values())
      if (lot.expiresAt !== null && lot.expiresAt <= this.now) lot.remaining = 0;
  }
  used(member: number, period = this.period()) {
    return this.usage.get(`${member}:${period}`) ?? 0;
  }
  addUsage(member: number, period: string, delta: number, key: number) {
    this.usage.set(`${member}:${period}`, this.used(member, period) + delta);
    this.keyUsage.set(`${key}:${period}`, this.keyUsed(key, period) + delta);
  }
  keyUsed(key: number, period = this.period()) {
    return this.keyUsage.get(`${key}:${period}`) ?? 0;
  }
  counted(member: number) {
    const offset = this.offset.get(member);
    const used = this.used(member);
    return offset && offset.period === this.period() ? Math.max(used - offset.amount, 0) : used;
  }
  /** Plans a draw like the database: by type, then soonest expiry, then grant time, then id. */
  draw(amount: number, pro: boolean, topUp: boolean): Allocation[] | null {
    const lots = [...this.lots.values()]
      .filter((l) => this.live(l) && (!pro || l.type !== "free") && (topUp || l.type !== "top_up"))
      .sort(
        (a, b) =>
          RANK[a.type] - RANK[b.type] ||
          (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) ||
          a.grantedAt - b.grantedAt ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
    const plan: Allocation[] = [];
    let need = amount;
    for (const lot of lots) {
      if (need === 0) break;
      const take = Math.min(need, lot.remaining);
      plan.push({ lot: lot.id, type: lot.type, amount: take });
      need -= take;
    }
    return need > 0 ? null : plan;
  }
  take(plan: Allocation[]) {
    for (const a of plan) this.lots.get(a.lot)!.remaining -= a.amount;
  }
  give(plan: Allocation[]) {
    for (const a of plan) this.lots.get(a.lot)!.remaining += a.amount;
  }
  /** The refusals in cp_debit_refusal's order (the workspace has no debt and an active plan here). */
  debit(member: number, amount: number, pro: boolean, key: number): LedgerFailureCode | Allocation[] {
    if (key === 1 && pro) return "model_not_allowed";
    if (key === 0 && this.keyUsed(0) + amount > KEY_CAP) return "key_budget_reached";
    const limit = LIMITS[member];
    if (limit !== null && limit !== undefined && this.counted(member) + amount > limit)
      return "member_limit_reached";
    const plan = this.draw(amount, pro, member !== NO_TOP_UP);
    if (!plan) return member === NO_TOP_UP ? "topup_not_allowed" : "insufficient_credits";
    this.expireDue();
    this.take(plan);
    this.addUsage(member, this.period(), amount, key);
    return plan;
  }
  totals() {
    const byType: Record<LotType, number> = { free: 0, subscription: 0, top_up: 0 };
    for (const lot of this.lots.values()) if (this.live(lot)) byType[lot.type] += lot.remaining;
    const held = this.holds.filter((h) => h.status === "active").reduce((s, h) => s + h.amount, 0);
    return { byType, total: byType.free + byType.subscription + byType.top_up, held };
  }
}

const HOUR = 3_600_000;
const op = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("advance" as const),
      ms: fc.integer({ min: 0, max: 40 * HOUR }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("grant" as const),
      type: fc.constantFrom<LotType>("free", "subscription", "top_up"),
      amount: fc.integer({ min: 1, max: 400 }),
      hours: fc.integer({ min: 1, max: 24 * 20 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("spend" as const),
      member: fc.integer({ min: 0, max: 2 }),
      key: fc.integer({ min: 0, max: 2 }),
      pro: fc.boolean(),
      credits: fc.integer({ min: 1, max: 100 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("replay" as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("hold" as const),
      member: fc.integer({ min: 0, max: 2 }),
      key: fc.integer({ min: 0, max: 2 }),
      pro: fc.boolean(),
      credits: fc.integer({ min: 1, max: 100 }),
      timeoutSeconds: fc.integer({ min: 60, max: 86_400 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("settle" as const),
      pick: fc.nat(),
      share: fc.double({ min: 0, max: 1.2, noNaN: true }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("release" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("timeouts" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("expire" as const) }) },
  // The owner sets member 1's limit again, choosing that it starts from now.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("restart" as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("refund" as const),
      pick: fc.nat(),
      amount: fc.option(fc.integer({ min: 1, max: 120 })),
    }),
  },
);

beforeAll(async () => {
  await ensureTestRates();
});

it("agrees with an in-memory model over thousands of random steps", async () => {
  let steps = 0;
  const refusals = new Set<string>();
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 40, maxLength: 90 }), async (ops) => {
      const start = Date.parse("2026-01-30T10:00:00Z");
      const ctx = testContext(new Date(start));
      const ws = await makeWorkspace({
        members: [{ monthlyLimit: null }, { monthlyLimit: LIMITS[1] }, { monthlyLimit: null }],
      });
      const memberIds = ws.members.map((m) => m.id);
      await testDb()
        .update(memberships)
        .set({ mayUseTopUp: false })
        .where(eq(memberships.id, memberIds[NO_TOP_UP]!));
      const capped = await makeApiKey(ws.workspaceId);
      const listed = await makeApiKey(ws.workspaceId);
      await testDb().update(apiKeys).set({ monthlyCreditCap: KEY_CAP }).where(eq(apiKeys.id, capped.id));
      await testDb()
        .update(apiKeys)
        .set({ allowedModels: ["unit:one"] })
        .where(eq(apiKeys.id, listed.id));
      const keyIds = [capped.id, listed.id, null];
      const model = new Model(start);
      const spendRequests: {
        key: string;
        member: number;
        apiKey: number;
        pro: boolean;
        credits: number;
        entryId: number;
      }[] = [];

      const expectOutcome = (outcome: { ok: boolean; code?: string }, expected: LedgerFailureCode | "ok") => {
        expect(outcome.ok ? "ok" : outcome.code).toBe(expected);
        if (!outcome.ok && outcome.code) refusals.add(outcome.code);
      };

      for (const step of ops) {
        steps += 1;
        switch (step.kind) {
          case "advance": {
            ctx.clock.advance(step.ms);
            model.now += step.ms;
            break;
          }
          case "grant": {
            const expiresAt = step.type === "top_up" ? null : model.now + step.hours * HOUR;
            const code =
              step.type === "free"
                ? "grant_free"
                : step.type === "subscription"
                  ? "grant_subscription"
                  : "top_up";
            const outcome = await grant(ctx, {
              workspaceId: ws.workspaceId,
              type: step.type,
              code,
              amount: step.amount,
              expiresAt: expiresAt === null ? null : new Date(expiresAt),
              idempotencyKey: randomUUID(),
            });
            expectOutcome(outcome, "ok");
            if (!outcome.ok) break;
            model.expireDue();
            model.lots.set(outcome.lotId, {
              id: outcome.lotId,
              type: step.type,
              remaining: step.amount,
              expiresAt,
              grantedAt: model.now,
            });
            model.lifetimeAdded += step.amount;
            break;
          }
          case "spend": {
            const key = randomUUID();
            const outcome = await spend(ctx, {
              workspaceId: ws.workspaceId,
              membershipId: memberIds[step.member]!,
              feature: "unit",
              model: step.pro ? "one-pro" : "one",
              results: step.credits,
              idempotencyKey: key,
              apiKeyId: keyIds[step.key],
            });
            const expected = model.debit(step.member, step.credits, step.pro, step.key);
            expectOutcome(outcome, typeof expected === "string" ? expected : "ok");
            if (!outcome.ok || typeof expected === "string") break;
            const split = { free: 0, subscription: 0, topUp: 0, adjustment: 0 };
            for (const a of expected) split[a.type === "top_up" ? "topUp" : a.type] += a.amount;
            expect(outcome.split).toEqual(split);
            model.lifetimeSpent += step.credits;
            model.spends.push({
              entryId: outcome.entryId,
              member: step.member,
              key: step.key,
              amount: step.credits,
              allocations: expected,
              refunded: 0,
              period: model.period(),
            });
            spendRequests.push({
              key,
              member: step.member,
              apiKey: step.key,
              pro: step.pro,
              credits: step.credits,
              entryId: outcome.entryId,
            });
            break;
          }
          case "replay": {
            const request = spendRequests[step.pick % Math.max(spendRequests.length, 1)];
            if (!request) break;
            const same = await spend(ctx, {
              workspaceId: ws.workspaceId,
              membershipId: memberIds[request.member]!,
              feature: "unit",
              model: request.pro ? "one-pro" : "one",
              results: request.credits,
              idempotencyKey: request.key,
              apiKeyId: keyIds[request.apiKey],
            });
            expect(same).toMatchObject({ ok: true, replayed: true, entryId: request.entryId });
            const different = await spend(ctx, {
              workspaceId: ws.workspaceId,
              membershipId: memberIds[request.member]!,
              feature: "unit",
              model: request.pro ? "one-pro" : "one",
              results: request.credits === 100 ? 99 : request.credits + 1,
              idempotencyKey: request.key,
            });
            expectOutcome(different, "idempotency_conflict");
            break;
          }
          case "hold": {
            const outcome = await hold(ctx, {
              workspaceId: ws.workspaceId,
              membershipId: memberIds[step.member]!,
              feature: "unit",
              model: step.pro ? "one-pro" : "one",
              results: step.credits,
              timeoutSeconds: step.timeoutSeconds,
              idempotencyKey: randomUUID(),
              apiKeyId: keyIds[step.key],
            });
            const expected = model.debit(step.member, step.credits, step.pro, step.key);
            expectOutcome(outcome, typeof expected === "string" ? expected : "ok");
            if (!outcome.ok || typeof expected === "string") break;
            model.holds.push({
              id: outcome.holdId,
              member: step.member,
              key: step.key,
              amount: step.credits,
              results: step.credits,
              pro: step.pro,
              allocations: expected,
              expiresAt: model.now + step.timeoutSeconds * 1000,
              period: model.period(),
              status: "active",
            });
            break;
          }
          case "settle": {
            const h = model.holds[step.pick % Math.max(model.holds.length, 1)];
            if (!h) break;
            const results = Math.max(1, Math.round(h.results * step.share));
            const outcome = await settle(ctx, { workspaceId: ws.workspaceId, holdId: h.id, results });
            let expected: LedgerFailureCode | "ok";
            if (results > 100)
              expected = "invalid_input"; // over the per-request cap on results
            else if (h.status === "settled")
              expected = h.settledWith === results ? "ok" : "idempotency_conflict";
            else if (h.status !== "active") expected = "hold_not_active";
            else if (results > h.amount) expected = "exceeds_hold";
            else if (model.now >= h.expiresAt) {
              expected = "hold_expired";
              model.give(h.allocations);
              model.addUsage(h.member, h.period, -h.amount, h.key);
              model.expireDue();
              h.status = "expired";
            } else {
              expected = "ok";
              model.give(h.allocations);
              let need = results;
              const plan: Allocation[] = [];
              for (const a of h.allocations) {
                if (need === 0) break;
                const take = Math.min(need, a.amount);
                plan.push({ ...a, amount: take });
                need -= take;
              }
              model.take(plan);
              model.expireDue();
              model.addUsage(h.member, h.period, results - h.amount, h.key);
              model.lifetimeSpent += results;
              h.status = "settled";
              h.settledWith = results;
              if (outcome.ok && outcome.entryId !== null) {
                model.spends.push({
                  entryId: outcome.entryId,
                  member: h.member,
                  key: h.key,
                  amount: results,
                  allocations: plan,
                  refunded: 0,
                  period: h.period,
                });
              }
            }
            expectOutcome(outcome, expected);
            break;
          }
          case "release":
          case "timeouts": {
            const candidates =
              step.kind === "release"
                ? [model.holds[step.pick % Math.max(model.holds.length, 1)]].filter((h) => h !== undefined)
                : model.holds.filter((h) => h.status === "active" && h.expiresAt <= model.now);
            if (step.kind === "timeouts") {
              const { released } = await releaseTimedOutHolds(ctx, { workspaceId: ws.workspaceId });
              expect(released).toBe(candidates.length);
            }
            for (const h of candidates) {
              let expected: LedgerFailureCode | "ok" = "ok";
              if (h.status === "settled") expected = "hold_not_active";
              else if (h.status === "active") {
                model.give(h.allocations);
                model.addUsage(h.member, h.period, -h.amount, h.key);
                model.expireDue();
                h.status = step.kind === "release" ? "released" : "expired";
              }
              if (step.kind === "release")
                expectOutcome(await release(ctx, { workspaceId: ws.workspaceId, holdId: h.id }), expected);
            }
            break;
          }
          case "restart": {
            const period = model.period();
            model.offset.set(1, { amount: model.used(1), period });
            await testDb()
              .update(memberships)
              .set({ limitOffset: model.used(1), limitOffsetPeriod: `${period}-01` })
              .where(eq(memberships.id, memberIds[1]!));
            break;
          }
          case "expire": {
            expectOutcome(await expire(ctx, ws.workspaceId), "ok");
            model.expireDue();
            break;
          }
          case "refund": {
            const s = model.spends[step.pick % Math.max(model.spends.length, 1)];
            if (!s) break;
            const refundable = s.amount - s.refunded;
            const amount = step.amount ?? refundable;
            const outcome = await refund(ctx, {
              workspaceId: ws.workspaceId,
              entryId: s.entryId,
              amount: step.amount ?? undefined,
              idempotencyKey: randomUUID(),
            });
            if (amount <= 0 || amount > refundable) {
              expectOutcome(outcome, "exceeds_refundable");
              break;
            }
            expectOutcome(outcome, "ok");
            model.expireDue();
            let skip = s.refunded;
            let need = amount;
            let toNew = 0;
            for (const a of [...s.allocations].reverse()) {
              if (need === 0) break;
              const skipped = Math.min(skip, a.amount);
              skip -= skipped;
              const give = Math.min(a.amount - skipped, need);
              if (give === 0) continue;
              need -= give;
              const lot = model.lots.get(a.lot)!;
              if (lot.expiresAt !== null && lot.expiresAt <= model.now) toNew += give;
              else lot.remaining += give;
            }
            if (toNew > 0) {
              expect(outcome.ok && outcome.newLotId).toBeTruthy();
              if (outcome.ok && outcome.newLotId) {
                model.lots.set(outcome.newLotId, {
                  id: outcome.newLotId,
                  type: "top_up",
                  remaining: toNew,
                  expiresAt: null,
                  grantedAt: model.now,
                });
              }
            }
            s.refunded += amount;
            model.addUsage(s.member, s.period, -amount, s.key);
            model.lifetimeSpent -= amount;
            break;
          }
        }

        const balance = await getBalance(ctx, ws.workspaceId);
        const expected = model.totals();
        expect({ ...balance?.byType, total: balance?.total, held: balance?.held }).toMatchObject({
          free: { amount: expected.byType.free },
          subscription: { amount: expected.byType.subscription },
          top_up: { amount: expected.byType.top_up },
          total: expected.total,
          held: expected.held,
        });
        expect(balance?.lifetimeAdded).toBe(model.lifetimeAdded);
        expect(balance?.lifetimeSpent).toBe(model.lifetimeSpent);
      }
      const limited = await getMemberAllowance(ctx, ws.workspaceId, memberIds[1]!);
      expect(limited?.used).toBe(model.used(1));
      const [capUsage] = await testDb()
        .select({ used: apiKeyUsage.used })
        .from(apiKeyUsage)
        .where(and(eq(apiKeyUsage.apiKeyId, capped.id), eq(apiKeyUsage.periodStart, `${model.period()}-01`)));
      expect(capUsage?.used ?? 0).toBe(model.keyUsed(0));
      expect(await verifyLedger(testDb(), { workspaceId: ws.workspaceId })).toEqual([]);
    }),
    { numRuns: Number(process.env.LEDGER_MODEL_RUNS ?? 60) },
  );
  expect(steps).toBeGreaterThan(2_000);
  // The steps met every limit the model knows.
  expect([...refusals]).toEqual(
    expect.arrayContaining([
      "model_not_allowed",
      "key_budget_reached",
      "member_limit_reached",
      "topup_not_allowed",
      "insufficient_credits",
    ]),
  );
}, 300_000);
