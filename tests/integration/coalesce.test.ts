// Group commit: concurrent spends of one workspace are charged together in one statement, each
// with its own key and result, under the same rules as single spends.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getBalance, spend } from "@/lib/ledger";
import { coalesceStats } from "@/lib/ledger/coalesce";
import { verifyLedger } from "@/lib/ledger/verify";
import { ensureTestRates, fund, makeWorkspace, testContext, testDb, unitGeneration } from "../support/db";

beforeAll(async () => {
  await ensureTestRates();
});

const trigger = `cp_test_batch_fault_${randomUUID().replaceAll("-", "").slice(0, 8)}`;

afterEach(async () => {
  await testDb().execute(sql.raw(`drop trigger if exists ${trigger} on ledger_entries`));
});

describe("coalesced spends", () => {
  it("batches the spends that arrive while one is in flight, charging each once", async () => {
    const ctx = testContext();
    const { workspaceId, ownerId } = await makeWorkspace();
    await fund(ctx, workspaceId, 1_000);
    const before = { ...coalesceStats };
    const keys = Array.from({ length: 30 }, () => randomUUID());
    // The first ten keys are sent twice: the repeats replay, wherever they land.
    const requests = [...keys, ...keys.slice(0, 10)].map((key) =>
      spend(ctx, { workspaceId, membershipId: ownerId, ...unitGeneration(10), idempotencyKey: key }),
    );
    const outcomes = await Promise.all(requests);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(coalesceStats.batches).toBeGreaterThan(before.batches);
    expect(coalesceStats.batched - before.batched).toBeGreaterThan(0);
    const entryIds = new Set(outcomes.map((o) => (o.ok ? o.entryId : null)));
    expect(entryIds.size).toBe(30);
    expect(outcomes.filter((o) => o.ok && o.replayed)).toHaveLength(10);
    expect((await getBalance(ctx, workspaceId))?.total).toBe(700);
    expect(await verifyLedger(testDb(), { workspaceId })).toEqual([]);
  });

  it("refuses, in a batch, exactly what a single spend would refuse", async () => {
    const ctx = testContext();
    const { workspaceId, ownerId } = await makeWorkspace();
    await fund(ctx, workspaceId, 95);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        spend(ctx, {
          workspaceId,
          membershipId: ownerId,
          ...unitGeneration(10),
          idempotencyKey: randomUUID(),
        }),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(9);
    const refused = outcomes.filter((o) => !o.ok);
    expect(refused).toHaveLength(11);
    for (const o of refused) expect(o.ok ? null : o.code).toBe("insufficient_credits");
    expect((await getBalance(ctx, workspaceId))?.total).toBe(5);
  });

  it("fails every waiting spend of a batch that fails, and charges none of them", async () => {
    const ctx = testContext();
    const { workspaceId, ownerId } = await makeWorkspace();
    await fund(ctx, workspaceId, 1_000);
    // Only a statement that writes several entries at once (a batch) fails.
    await testDb().execute(
      sql.raw(`create or replace function ${trigger}() returns trigger language plpgsql as $$
        begin
          if (select count(*) from new_entries where workspace_id = '${workspaceId}') > 1 then
            raise exception 'injected batch failure';
          end if;
          return null;
        end $$`),
    );
    await testDb().execute(
      sql.raw(`create trigger ${trigger} after insert on ledger_entries referencing new table as new_entries
        for each statement execute function ${trigger}()`),
    );
    const settled = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        spend(ctx, {
          workspaceId,
          membershipId: ownerId,
          ...unitGeneration(10),
          idempotencyKey: randomUUID(),
        }),
      ),
    );
    const fulfilled = settled.filter((s) => s.status === "fulfilled");
    const rejected = settled.filter((s) => s.status === "rejected");
    expect(fulfilled.length).toBeGreaterThanOrEqual(1);
    expect(rejected.length).toBeGreaterThanOrEqual(1);
    expect(fulfilled.length + rejected.length).toBe(10);
    expect((await getBalance(ctx, workspaceId))?.total).toBe(1_000 - 10 * fulfilled.length);
    expect(await verifyLedger(testDb(), { workspaceId })).toEqual([]);
  });
});
