// Property test for money that goes back (issue 18): random sequences of purchases and plan payments
// (grants), spends, generation holds and their release, partial take-backs, disputes opened, won and
// lost, replays under the same key, repeats under another key and events out of order (a close
// before its open), against real Postgres and, side by side, a plain in-memory model. After every
// step the balance, every lot, the debt and the disputed credits agree with the model; every
// take-back's credits are taken or owed; nothing applies twice; ledger:verify passes.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { creditLots } from "@/db/schema";
import {
  closeDisputedCredits,
  expire,
  getBalance,
  grant,
  hold,
  holdDisputedCredits,
  readDebt,
  release,
  spend,
  takeBackCredits,
  type LedgerFailureCode,
} from "@/lib/ledger";
import { verifyLedger } from "@/lib/ledger/verify";
import { ensureTestRates, makeWorkspace, testContext, testDb } from "../support/db";

type LotType = "free" | "subscription" | "top_up";
type Lot = {
  id: string;
  type: LotType;
  remaining: number;
  disputed: number;
  expiresAt: number | null;
  grantedAt: number;
};
type Payment = {
  lotIds: string[];
  credits: number;
  dispute: {
    /** Held per lot, in hold order; null until (unless) the dispute opened. */
    held: Map<string, number> | null;
    closed: { outcome: "won" | "lost"; credits: number; result: Record<string, unknown> } | null;
  };
};
type Sent = {
  kind: "take" | "open" | "close";
  input: Record<string, unknown>;
  result: Record<string, unknown>;
};

const RANK: Record<LotType, number> = { free: 0, subscription: 1, top_up: 2 };
const HOUR = 3_600_000;

class Model {
  lots = new Map<string, Lot>();
  payments: Payment[] = [];
  debt = 0;
  /** Entries each event should have written, once: replays and late events write none. */
  applied = { purchase_refund: 0, dispute_hold: 0, dispute_release: 0 };
  asked = 0;
  taken = 0;
  owed = 0;
  repaid = 0;

  constructor(public now: number) {}

  expireDue() {
    for (const lot of this.lots.values())
      if (lot.expiresAt !== null && lot.expiresAt <= this.now) lot.remaining = 0;
  }
  live(lot: Lot) {
    return lot.remaining > 0 && (lot.expiresAt === null || lot.expiresAt > this.now);
  }
  balance() {
    return [...this.lots.values()].reduce((s, l) => s + l.remaining, 0);
  }
  spendable() {
    return [...this.lots.values()].filter((l) => this.live(l)).reduce((s, l) => s + l.remaining, 0);
  }
  disputed() {
    return [...this.lots.values()].reduce((s, l) => s + l.disputed, 0);
  }
  grant(lot: Lot) {
    this.expireDue();
    const repaid = Math.min(this.debt, lot.remaining);
    lot.remaining -= repaid;
    this.debt -= repaid;
    this.repaid += repaid;
    this.lots.set(lot.id, lot);
    return repaid;
  }
  /** A spend or a generation hold: the lots it draws, in draw order, or why it is refused. */
  debit(credits: number): LedgerFailureCode | Map<string, number> {
    if (this.debt > 0) return "credits_owed";
    const lots = [...this.lots.values()]
      .filter((l) => this.live(l))
      .sort(
        (a, b) =>
          RANK[a.type] - RANK[b.type] ||
          (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) ||
          a.grantedAt - b.grantedAt ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
    if (lots.reduce((s, l) => s + l.remaining, 0) < credits) return "insufficient_credits";
    this.expireDue();
    const drawn = new Map<string, number>();
    let need = credits;
    for (const lot of lots) {
      const take = Math.min(need, lot.remaining);
      if (take > 0) drawn.set(lot.id, take);
      lot.remaining -= take;
      need -= take;
    }
    return drawn;
  }
  /** A generation hold released: its credits go back to the lots they came from (into a disputed lot's remaining). */
  release(drawn: Map<string, number>) {
    for (const [id, amount] of drawn) this.lots.get(id)!.remaining += amount;
    this.expireDue();
  }
  /** Takes `credits` from the lots: first up to `first` of each, then what is left, in order. */
  takeBack(lotIds: string[], credits: number, first = new Map<string, number>()) {
    let need = credits;
    for (const pass of [1, 2])
      for (const id of lotIds) {
        const lot = this.lots.get(id)!;
        const take = Math.min(need, lot.remaining, pass === 1 ? (first.get(id) ?? 0) : lot.remaining);
        lot.remaining -= take;
        need -= take;
      }
    const taken = credits - need;
    this.debt += need;
    this.asked += credits;
    this.taken += taken;
    this.owed += need;
    return { taken, owed: need };
  }
  open(p: Payment) {
    this.expireDue();
    const held = new Map<string, number>();
    for (const id of p.lotIds) {
      const lot = this.lots.get(id)!;
      if (lot.remaining > 0) held.set(id, lot.remaining);
      lot.disputed += lot.remaining;
      lot.remaining = 0;
    }
    p.dispute.held = held;
    return [...held.values()].reduce((s, v) => s + v, 0);
  }
  close(p: Payment, outcome: "won" | "lost", credits: number) {
    this.expireDue();
    const released = new Map<string, number>();
    for (const [id, amount] of p.dispute.held ?? []) {
      const lot = this.lots.get(id)!;
      const back = Math.min(amount, lot.disputed);
      if (back === 0) continue;
      lot.disputed -= back;
      lot.remaining += back;
      released.set(id, back);
    }
    const held = [...released.values()].reduce((s, v) => s + v, 0);
    let result = { released: held, taken: 0, owed: 0, heldTaken: 0 };
    if (outcome === "lost") {
      const order = [...released.keys(), ...p.lotIds.filter((id) => !released.has(id))];
      const { taken, owed } = this.takeBack(order, credits, released);
      const heldTaken = Math.min(credits, held);
      result = { released: held - heldTaken, taken, owed, heldTaken };
    }
    this.expireDue();
    return result;
  }
}

const op = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("advance" as const), hours: fc.integer({ min: 0, max: 60 }) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("grant" as const),
      type: fc.constantFrom<LotType>("free", "subscription", "top_up"),
      amount: fc.integer({ min: 1, max: 500 }),
      hours: fc.integer({ min: 1, max: 24 * 10 }),
      lots: fc.integer({ min: 1, max: 2 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant("spend" as const), credits: fc.integer({ min: 1, max: 100 }) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("take" as const),
      pick: fc.nat(),
      share: fc.double({ min: 0.01, max: 1, noNaN: true }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("open" as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("close" as const),
      pick: fc.nat(),
      outcome: fc.constantFrom<"won" | "lost">("won", "lost"),
      share: fc.double({ min: 0.01, max: 1, noNaN: true }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("replay" as const), pick: fc.nat(), change: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("expire" as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("hold" as const), credits: fc.integer({ min: 1, max: 100 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("release" as const), pick: fc.nat() }) },
);

beforeAll(async () => {
  await ensureTestRates();
});

const CODES = { free: "grant_free", subscription: "grant_subscription", top_up: "top_up" } as const;

it("agrees with an in-memory model over random purchases, spends, take-backs, disputes, replays and reorderings", async () => {
  let steps = 0;
  let reversals = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 30, maxLength: 70 }), async (ops) => {
      const start = Date.parse("2026-05-10T10:00:00Z");
      const ctx = testContext(new Date(start));
      const ws = await makeWorkspace();
      const workspaceId = ws.workspaceId;
      const model = new Model(start);
      const sent: Sent[] = [];
      const holds: { id: string; drawn: Map<string, number> }[] = [];
      const codeOf = (o: { ok: boolean; code?: string }) => (o.ok ? "ok" : o.code);

      for (const step of ops) {
        steps += 1;
        switch (step.kind) {
          case "advance": {
            ctx.clock.advance(step.hours * HOUR);
            model.now += step.hours * HOUR;
            break;
          }
          case "grant": {
            // One payment: a purchase (one lot) or a plan payment (one or two subscription lots).
            const lotIds: string[] = [];
            let credits = 0;
            for (let i = 0; i < (step.type === "subscription" ? step.lots : 1); i += 1) {
              const expiresAt = step.type === "top_up" ? null : model.now + step.hours * HOUR;
              const outcome = await grant(ctx, {
                workspaceId,
                type: step.type,
                code: CODES[step.type],
                amount: step.amount,
                expiresAt: expiresAt === null ? null : new Date(expiresAt),
                idempotencyKey: `stripe:${randomUUID()}`,
              });
              if (!outcome.ok) throw new Error(outcome.message);
              const repaid = model.grant({
                id: outcome.lotId,
                type: step.type,
                remaining: step.amount,
                disputed: 0,
                expiresAt,
                grantedAt: model.now,
              });
              expect(outcome).toMatchObject({
                debtRepaid: repaid,
                debtAfter: model.debt,
                balanceAfter: model.balance(),
              });
              lotIds.push(outcome.lotId);
              credits += step.amount;
            }
            model.payments.push({ lotIds, credits, dispute: { held: null, closed: null } });
            break;
          }
          case "spend":
          case "hold": {
            // A hold is a long generation's reservation; released later, its credits go back to their
            // lots, which may be under a dispute by then (spendable again, and taken back first if lost).
            const request = {
              workspaceId,
              membershipId: ws.ownerId,
              feature: "unit",
              model: "one",
              results: step.credits,
              idempotencyKey: randomUUID(),
            };
            const outcome = step.kind === "spend" ? await spend(ctx, request) : await hold(ctx, request);
            const expected = model.debit(step.credits);
            expect(codeOf(outcome)).toBe(typeof expected === "string" ? expected : "ok");
            if (outcome.ok && "holdId" in outcome && typeof expected !== "string")
              holds.push({ id: outcome.holdId, drawn: expected });
            break;
          }
          case "release": {
            const h = holds.splice(step.pick % Math.max(holds.length, 1), 1)[0];
            if (!h) break;
            expect(codeOf(await release(ctx, { workspaceId, holdId: h.id }))).toBe("ok");
            model.release(h.drawn);
            break;
          }
          case "take": {
            const p = model.payments[step.pick % Math.max(model.payments.length, 1)];
            if (!p) break;
            const credits = Math.max(1, Math.round(p.credits * step.share));
            const input = {
              workspaceId,
              lotIds: p.lotIds,
              credits,
              reason: "refund" as const,
              reference: `re_${randomUUID()}`,
              idempotencyKey: `stripe:${randomUUID()}`,
            };
            const outcome = await takeBackCredits(ctx, input);
            model.expireDue();
            const expected = model.takeBack(p.lotIds, credits);
            expect(outcome).toMatchObject({
              ok: true,
              replayed: false,
              credits,
              ...expected,
              balanceAfter: model.balance(),
              debtAfter: model.debt,
            });
            if (outcome.ok) sent.push({ kind: "take", input, result: outcome });
            model.applied.purchase_refund += 1;
            reversals += 1;
            break;
          }
          case "open": {
            const index = step.pick % Math.max(model.payments.length, 1);
            const p = model.payments[index];
            if (!p) break;
            const input = {
              workspaceId,
              lotIds: p.lotIds,
              reference: `dp_${index}`,
              idempotencyKey: `stripe:${randomUUID()}`,
            };
            const outcome = await holdDisputedCredits(ctx, input);
            if (p.dispute.held) {
              // Opened before under another key (a webhook replayed, or reconciliation): the first
              // hold's answer, whether or not the dispute has closed since.
              const held = [...p.dispute.held.values()].reduce((s, v) => s + v, 0);
              expect(outcome).toMatchObject({ ok: true, replayed: true, held });
            } else if (p.dispute.closed) {
              // Closed before it opened: the late open holds nothing.
              expect(outcome).toMatchObject({ ok: true, entryId: null, held: 0, alreadyClosed: true });
            } else {
              expect(outcome).toMatchObject({ ok: true, replayed: false, held: model.open(p) });
              // Only a hold that wrote its entry has used its key (the others wrote nothing).
              if (outcome.ok) sent.push({ kind: "open", input, result: outcome });
              model.applied.dispute_hold += 1;
              reversals += 1;
            }
            break;
          }
          case "close": {
            const index = step.pick % Math.max(model.payments.length, 1);
            const p = model.payments[index];
            if (!p) break;
            const credits = step.outcome === "lost" ? Math.max(1, Math.round(p.credits * step.share)) : 0;
            const input = {
              workspaceId,
              lotIds: p.lotIds,
              reference: `dp_${index}`,
              outcome: step.outcome,
              credits,
              idempotencyKey: `stripe:${randomUUID()}`,
            };
            const outcome = await closeDisputedCredits(ctx, input);
            const closed = p.dispute.closed;
            if (closed) {
              // Closed before under another key: the same close replays, another one conflicts.
              if (closed.outcome === step.outcome && closed.credits === credits)
                expect(outcome).toMatchObject({ ...closed.result, replayed: true });
              else expect(codeOf(outcome)).toBe("idempotency_conflict");
              break;
            }
            const expected = model.close(p, step.outcome, credits);
            // Won: the release is the close's record. Lost: a release when something was held, then the take-back.
            if (step.outcome === "won" || expected.released + expected.heldTaken > 0)
              model.applied.dispute_release += 1;
            if (step.outcome === "lost") model.applied.purchase_refund += 1;
            const { heldTaken: _heldTaken, ...answer } = expected;
            expect(outcome).toMatchObject({ ok: true, replayed: false, ...answer, debtAfter: model.debt });
            if (!outcome.ok) break;
            p.dispute.closed = { outcome: step.outcome, credits, result: outcome };
            sent.push({ kind: "close", input, result: outcome });
            reversals += 1;
            break;
          }
          case "replay": {
            // The same request under the same key answers the first result; another request under
            // the key is a conflict. Nothing moves either way.
            const prior = sent[step.pick % Math.max(sent.length, 1)];
            if (!prior) break;
            const changed =
              prior.kind === "take"
                ? { ...prior.input, credits: (prior.input.credits as number) + 1 }
                : prior.kind === "close"
                  ? { ...prior.input, outcome: prior.input.outcome === "won" ? "lost" : "won", credits: 1 }
                  : { ...prior.input, reference: `${String(prior.input.reference)}-other` };
            const input = step.change ? changed : prior.input;
            const call =
              prior.kind === "take"
                ? takeBackCredits(ctx, input as Parameters<typeof takeBackCredits>[1])
                : prior.kind === "open"
                  ? holdDisputedCredits(ctx, input as Parameters<typeof holdDisputedCredits>[1])
                  : closeDisputedCredits(ctx, input as Parameters<typeof closeDisputedCredits>[1]);
            const outcome = await call;
            if (step.change) expect(codeOf(outcome)).toBe("idempotency_conflict");
            else {
              const { replayed: _first, ...first } = prior.result;
              expect(outcome).toMatchObject({ ...first, replayed: true });
            }
            break;
          }
          case "expire": {
            expect(codeOf(await expire(ctx, workspaceId))).toBe("ok");
            model.expireDue();
            break;
          }
        }

        const [balance, debt, lots] = await Promise.all([
          getBalance(ctx, workspaceId),
          readDebt(testDb(), workspaceId),
          testDb()
            .select({
              id: creditLots.id,
              remaining: creditLots.amountRemaining,
              disputed: creditLots.amountDisputed,
            })
            .from(creditLots)
            .where(eq(creditLots.workspaceId, workspaceId)),
        ]);
        expect(balance?.total).toBe(model.spendable());
        expect(debt).toEqual({ owed: model.debt, disputed: model.disputed() });
        expect(Object.fromEntries(lots.map((l) => [l.id, [l.remaining, l.disputed]]))).toEqual(
          Object.fromEntries([...model.lots.values()].map((l) => [l.id, [l.remaining, l.disputed]])),
        );
      }

      // Every credit asked back was taken or owed, once; the debt is what was owed less what grants repaid.
      const [sums] = await testDb().execute<{
        asked: string;
        taken: string;
        owed: string;
        repaid: string;
      }>(sql`
        select coalesce(sum((result->>'credits')::bigint) filter (where code = 'purchase_refund'), 0) as asked,
               coalesce(-sum(amount) filter (where code = 'purchase_refund'), 0) as taken,
               coalesce(sum(owed) filter (where code = 'purchase_refund'), 0) as owed,
               coalesce(-sum(owed) filter (where code = 'debt_repayment'), 0) as repaid
          from ledger_entries where workspace_id = ${workspaceId}::uuid`);
      expect(Object.values(sums!).map(Number)).toEqual([model.asked, model.taken, model.owed, model.repaid]);
      expect(model.asked).toBe(model.taken + model.owed);
      // Nothing applied twice: one entry per event that applied, none for replays and late events.
      const counts = await testDb().execute<{ code: string; n: string }>(sql`
        select code, count(*) as n from ledger_entries
         where workspace_id = ${workspaceId}::uuid
           and code in ('purchase_refund', 'dispute_hold', 'dispute_release') group by code`);
      expect({
        purchase_refund: 0,
        dispute_hold: 0,
        dispute_release: 0,
        ...Object.fromEntries(counts.map((c) => [c.code, Number(c.n)])),
      }).toEqual(model.applied);
      expect(model.debt).toBe(model.owed - model.repaid);
      expect(await verifyLedger(testDb(), { workspaceId })).toEqual([]);
    }),
    { numRuns: Number(process.env.REVERSALS_MODEL_RUNS ?? 40) },
  );
  expect(steps).toBeGreaterThan(1_000);
  expect(reversals).toBeGreaterThan(200);
}, 300_000);
