// Injected serialization failures and deadlocks: retried a bounded number of times, never applied twice.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ledgerEntries } from "@/db/schema";
import { getBalance, spend, spendBatch } from "@/lib/ledger";
import { TRANSIENT_RETRY } from "@/db/retry";
import { verifyLedger } from "@/lib/ledger/verify";
import { ensureTestRates, fund, makeWorkspace, testContext, testDb, unitGeneration } from "../support/db";

const name = `cp_test_fault_${randomUUID().replaceAll("-", "").slice(0, 10)}`;

/**
 * Makes the next `failures` ledger writes of this workspace fail with `sqlstate`, from inside the
 * ledger's own statement (a sequence counts attempts: it is not rolled back with them).
 */
async function injectFaults(workspaceId: string, sqlstate: string, failures: number) {
  const db = testDb();
  await db.execute(sql.raw(`drop trigger if exists ${name} on ledger_entries`));
  await db.execute(sql.raw(`drop sequence if exists ${name}_attempts`));
  await db.execute(sql.raw(`create sequence ${name}_attempts`));
  await db.execute(
    sql.raw(`create or replace function ${name}() returns trigger language plpgsql as $$
    begin
      if new.workspace_id = '${workspaceId}' and nextval('${name}_attempts') <= ${failures} then
        raise exception 'injected fault' using errcode = '${sqlstate}';
      end if;
      return new;
    end $$`),
  );
  await db.execute(
    sql.raw(`create trigger ${name} before insert on ledger_entries for each row execute function ${name}()`),
  );
}

async function attempts(): Promise<number> {
  const [row] = await testDb().execute<{ last_value: string; is_called: boolean }>(
    sql.raw(`select last_value, is_called from ${name}_attempts`),
  );
  return row?.is_called ? Number(row.last_value) : 0;
}

async function entries(workspaceId: string) {
  return testDb().select().from(ledgerEntries).where(eq(ledgerEntries.workspaceId, workspaceId));
}

beforeAll(async () => {
  await ensureTestRates();
});

afterEach(async () => {
  await testDb().execute(sql.raw(`drop trigger if exists ${name} on ledger_entries`));
});

describe("ledger retries", () => {
  for (const [label, sqlstate] of [
    ["serialization failures", "40001"],
    ["deadlocks", "40P01"],
  ] as const) {
    it(`retries ${label} and applies the spend once`, async () => {
      const ctx = testContext();
      const { workspaceId, ownerId } = await makeWorkspace();
      await fund(ctx, workspaceId, 1_000);
      await injectFaults(workspaceId, sqlstate, 3);
      const outcome = await spend(ctx, {
        workspaceId,
        membershipId: ownerId,
        ...unitGeneration(100),
        idempotencyKey: randomUUID(),
      });
      expect(outcome.ok).toBe(true);
      expect(await attempts()).toBe(4); // three injected failures, then the one that went through
      expect((await getBalance(ctx, workspaceId))?.total).toBe(900);
      expect((await entries(workspaceId)).filter((e) => e.code === "spend")).toHaveLength(1);
      expect(await verifyLedger(testDb(), { workspaceId })).toEqual([]);
    });
  }

  it("gives up after a bounded number of attempts and writes nothing", async () => {
    const ctx = testContext();
    const { workspaceId, ownerId } = await makeWorkspace();
    await fund(ctx, workspaceId, 1_000);
    await injectFaults(workspaceId, "40001", 1_000);
    await expect(
      spend(ctx, {
        workspaceId,
        membershipId: ownerId,
        ...unitGeneration(100),
        idempotencyKey: randomUUID(),
      }),
    ).rejects.toThrow();
    expect(await attempts()).toBe(TRANSIENT_RETRY.attempts);
    expect((await getBalance(ctx, workspaceId))?.total).toBe(1_000);
    expect((await entries(workspaceId)).filter((e) => e.code === "spend")).toHaveLength(0);
  });

  it("does not retry an error that is not transient", async () => {
    const ctx = testContext();
    const { workspaceId, ownerId } = await makeWorkspace();
    await fund(ctx, workspaceId, 1_000);
    await injectFaults(workspaceId, "P0001", 5);
    await expect(
      spend(ctx, {
        workspaceId,
        membershipId: ownerId,
        ...unitGeneration(100),
        idempotencyKey: randomUUID(),
      }),
    ).rejects.toThrow();
    expect(await attempts()).toBe(1);
  });

  it("retries a batch as a whole and charges each record once", async () => {
    const ctx = testContext();
    const { workspaceId, ownerId } = await makeWorkspace();
    await fund(ctx, workspaceId, 1_000);
    await injectFaults(workspaceId, "40P01", 2);
    const records = Array.from({ length: 5 }, () => ({
      membershipId: ownerId,
      ...unitGeneration(10),
      idempotencyKey: randomUUID(),
    }));
    const outcomes = await spendBatch(ctx, workspaceId, records);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect((await getBalance(ctx, workspaceId))?.total).toBe(950);
    expect((await entries(workspaceId)).filter((e) => e.code === "spend")).toHaveLength(5);
    expect(await verifyLedger(testDb(), { workspaceId })).toEqual([]);
  });
});
