// Group commit across workspaces: while every connection of the pool is busy, the spends waiting for
// different workspaces go in one cp_debit_group statement, each workspace under its own rules. Run on
// a pool of two connections, so that groups form with a handful of concurrent spends.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createDatabase, type Database } from "@/db";
import { manualClock } from "@/lib/clock";
import { getBalance, spend } from "@/lib/ledger";
import { coalesceStats } from "@/lib/ledger/coalesce";
import { debitGroup, type DebitRecord } from "@/lib/ledger/debit-records";
import { failure } from "@/lib/ledger/messages";
import { requestHash } from "@/lib/ledger/request-hash";
import { verifyLedger } from "@/lib/ledger/verify";
import type { LedgerContext } from "@/lib/ledger/types";
import { ensureTestRates, fund, makeWorkspace, testContext, testDb, unitGeneration } from "../support/db";

let small: Database;
const smallContext = (): LedgerContext => ({ db: small, clock: manualClock("2026-03-10T12:00:00Z") });
const trigger = `cp_test_group_fault_${randomUUID().replaceAll("-", "").slice(0, 8)}`;

beforeAll(async () => {
  await ensureTestRates();
  small = createDatabase(inject("databaseUrl"), { max: 2 });
});
afterAll(async () => {
  await small.$client.end();
});
afterEach(async () => {
  await testDb().execute(sql.raw(`drop trigger if exists ${trigger} on ledger_entries`));
});

async function workspaces(count: number, credits: number) {
  const made = [];
  for (let i = 0; i < count; i += 1) {
    const w = await makeWorkspace();
    await fund(testContext(), w.workspaceId, credits);
    made.push(w);
  }
  return made;
}

/** The advisory lock the gate spends wait on (their trigger takes it shared; the test holds it). */
const GATE_LOCK = 724_001;

/**
 * A statement trigger on ledger_entries: an insert for a `gates` workspace waits for GATE_LOCK; one for
 * `broken` raises. Dropped after each test.
 */
async function installTrigger(gates: string[], broken?: string) {
  const ids = gates.map((id) => `'${id}'`).join(", ");
  await testDb().execute(
    sql.raw(`create or replace function ${trigger}() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from new_entries where workspace_id in (${ids})) then
          perform pg_advisory_xact_lock_shared(${GATE_LOCK});
        end if;
        ${broken ? `if exists (select 1 from new_entries where workspace_id = '${broken}') then raise exception 'injected failure'; end if;` : ""}
        return null;
      end $$`),
  );
  await testDb().execute(
    sql.raw(`create trigger ${trigger} after insert on ledger_entries referencing new table as new_entries
      for each statement execute function ${trigger}()`),
  );
}

/** Spends waiting on GATE_LOCK now (polled: a condition, never a fixed sleep), failing after 60 s. */
async function untilGateWaiters(count: number) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [row] = await testDb().execute<{ n: number }>(
      sql`select count(*)::int as n from pg_locks
           where locktype = 'advisory' and classid = 0 and objid = ${GATE_LOCK} and not granted`,
    );
    if ((row?.n ?? 0) >= count) return;
    if (Date.now() > deadline) throw new Error(`never saw ${count} spends waiting at the gate`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Sends `sends` while both connections of the small pool are taken by a gate workspace's spend, held
 * at GATE_LOCK: every send waits in the scheduler, and when the first gate opens they all go in one
 * statement. (Without the gate, which spends go alone depends on which statement returns first.)
 */
async function whileThePoolIsBusy<T>(
  ctx: LedgerContext,
  gates: Array<{ workspaceId: string; ownerId: string }>,
  sends: () => Array<Promise<T>>,
): Promise<PromiseSettledResult<T>[]> {
  const holder = await testDb().$client.reserve();
  try {
    await holder`select pg_advisory_lock(${GATE_LOCK})`;
    const gated = gates.map((g) => spendOf(ctx, g, randomUUID()));
    // Started after the gates, so they find the pool's statements taken and wait (the rate card is cached).
    const settled = Promise.allSettled(sends());
    await untilGateWaiters(gates.length);
    await holder`select pg_advisory_unlock(${GATE_LOCK})`;
    const opened = await Promise.all(gated);
    expect(opened.every((o) => o.ok)).toBe(true);
    return await settled;
  } finally {
    holder.release();
  }
}

const spendOf = (
  ctx: LedgerContext,
  w: { workspaceId: string; ownerId: string },
  key: string,
  credits = 10,
) =>
  spend(ctx, {
    workspaceId: w.workspaceId,
    membershipId: w.ownerId,
    ...unitGeneration(credits),
    idempotencyKey: key,
  });

describe("group commit across workspaces", () => {
  it("joins waiting spends of different workspaces in one statement, charging each exactly once", async () => {
    const ctx = smallContext();
    const ws = await workspaces(8, 1_000);
    const before = { ...coalesceStats };
    const keys = ws.map(() => Array.from({ length: 5 }, () => randomUUID()));
    // Every workspace's first two keys are sent twice: the repeats replay, wherever they land.
    const sends = ws.flatMap((w, i) =>
      [...(keys[i] ?? []), ...(keys[i] ?? []).slice(0, 2)].map((k) => ({ w, k })),
    );
    const gates = await workspaces(2, 1_000);
    await installTrigger(gates.map((g) => g.workspaceId));
    const settled = await whileThePoolIsBusy(ctx, gates, () => sends.map(({ w, k }) => spendOf(ctx, w, k)));
    const outcomes = settled.map((s) =>
      s.status === "fulfilled" ? s.value : failure("workspace_not_found"),
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(coalesceStats.groups).toBeGreaterThan(before.groups);
    expect(coalesceStats.grouped - before.grouped).toBeGreaterThan(coalesceStats.groups - before.groups);
    expect(coalesceStats.fallbacks).toBe(before.fallbacks);
    expect(outcomes.filter((o) => o.ok && o.replayed)).toHaveLength(ws.length * 2);
    expect(new Set(outcomes.map((o) => (o.ok ? o.entryId : null))).size).toBe(ws.length * 5);
    for (const w of ws) {
      expect((await getBalance(ctx, w.workspaceId))?.total).toBe(950);
      expect(await verifyLedger(testDb(), { workspaceId: w.workspaceId })).toEqual([]);
    }
    // Replayed again later, alone or grouped: the first results, nothing charged twice.
    const again = await Promise.all(ws.map((w, i) => spendOf(ctx, w, keys[i]?.[4] ?? "")));
    expect(again.every((o) => o.ok && o.replayed)).toBe(true);
    for (const w of ws) expect((await getBalance(ctx, w.workspaceId))?.total).toBe(950);
  });

  it("never lets one workspace's refusals touch another's spends", async () => {
    const ctx = smallContext();
    const [poor, ...rich] = await workspaces(6, 1_000);
    if (!poor) throw new Error("no workspace");
    // The poor workspace spends 995 of its credits first: 5 left, every 10-credit spend refused.
    await spendOf(ctx, poor, randomUUID(), 95);
    await spendOf(ctx, poor, randomUUID(), 900);
    const before = { ...coalesceStats };
    const sends = [poor, ...rich].flatMap((w) => Array.from({ length: 6 }, () => w));
    const gates = await workspaces(2, 1_000);
    await installTrigger(gates.map((g) => g.workspaceId));
    const settled = await whileThePoolIsBusy(ctx, gates, () =>
      sends.map((w) => spendOf(ctx, w, randomUUID())),
    );
    const outcomes = settled.map((s) =>
      s.status === "fulfilled" ? s.value : failure("workspace_not_found"),
    );
    // The poor workspace's spends and the rich ones' went in one statement.
    expect(coalesceStats.groups).toBeGreaterThan(before.groups);
    outcomes.forEach((o, i) => {
      if (sends[i] === poor) expect(o.ok ? "ok" : o.code).toBe("insufficient_credits");
      else expect(o.ok).toBe(true);
    });
    expect((await getBalance(ctx, poor.workspaceId))?.total).toBe(5);
    for (const w of rich) expect((await getBalance(ctx, w.workspaceId))?.total).toBe(940);
  });

  it("sends each workspace alone when the group's statement fails: the error meets only its own spends", async () => {
    const ctx = smallContext();
    const [broken, ...fine] = await workspaces(6, 1_000);
    const gates = await workspaces(2, 1_000);
    if (!broken) throw new Error("no workspace");
    await installTrigger(
      gates.map((g) => g.workspaceId),
      broken.workspaceId,
    );
    const before = { ...coalesceStats };
    const sends = [broken, ...fine].flatMap((w) => Array.from({ length: 6 }, () => w));
    const settled = await whileThePoolIsBusy(ctx, gates, () =>
      sends.map((w) => spendOf(ctx, w, randomUUID())),
    );
    // One group of all six workspaces failed, and each went alone.
    expect(coalesceStats.fallbacks - before.fallbacks).toBe(6);
    settled.forEach((s, i) => {
      if (sends[i] === broken) expect(s.status).toBe("rejected");
      else expect(s.status === "fulfilled" && s.value.ok).toBe(true);
    });
    expect((await getBalance(ctx, broken.workspaceId))?.total).toBe(1_000);
    for (const w of fine) {
      expect((await getBalance(ctx, w.workspaceId))?.total).toBe(940);
      expect(await verifyLedger(testDb(), { workspaceId: w.workspaceId })).toEqual([]);
    }
  });

  it("locks in one order whatever the order of the group: opposite orders never deadlock", async () => {
    const ctx = testContext();
    const ws = await workspaces(6, 100_000);
    const record = (w: { ownerId: string }): DebitRecord<"spend"> => {
      const request = { membershipId: w.ownerId, feature: "unit", model: "one", settings: {}, results: 1 };
      return {
        kind: "spend",
        member: w.ownerId,
        amount: 1,
        isPro: false,
        feature: "unit",
        model: "one",
        settings: {},
        results: 1,
        key: randomUUID(),
        hash: requestHash("spend", request),
        expiresAt: null,
        apiKey: null,
      };
    };
    const deadlocks = async () => {
      const rows = await testDb().execute<{ deadlocks: string }>(
        sql`select deadlocks::text from pg_stat_database where datname = current_database()`,
      );
      return Number(rows[0]?.deadlocks ?? 0);
    };
    const deadlocksBefore = await deadlocks();
    const rounds = 20;
    const results = await Promise.all(
      Array.from({ length: rounds }, (_, round) => {
        const order = round % 2 === 0 ? ws : [...ws].reverse();
        return debitGroup(
          ctx,
          order.map((w) => ({ workspaceId: w.workspaceId, records: [record(w), record(w)] })),
        );
      }),
    );
    expect(results.flat(2).every((o) => o.ok)).toBe(true);
    // withRetry would hide a deadlock behind a retry: PostgreSQL's own count says there was none.
    expect(await deadlocks()).toBe(deadlocksBefore);
    for (const w of ws) {
      expect((await getBalance(ctx, w.workspaceId))?.total).toBe(100_000 - rounds * 2);
      expect(await verifyLedger(testDb(), { workspaceId: w.workspaceId })).toEqual([]);
    }
  });
});
