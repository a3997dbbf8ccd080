// The ids spends make by the million (usage events, holds) are UUIDv7: time-ordered, so their primary
// keys grow at one end instead of being written all over (cp_new_ids, db/functions/ledger-helpers.sql).
// PostgreSQL 18 makes them natively; cp_uuid_v7_portable makes the same layout on the older servers
// DATABASE_URL may name, and is checked here directly since the tests run on 18.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { hold, settle, spend, spendBatch } from "@/lib/ledger";
import { ensureTestRates, fund, makeWorkspace, testContext, testDb } from "../support/db";

beforeAll(async () => {
  await ensureTestRates();
});

/** Version 7, RFC 9562 variant (10xx), and the millisecond time in its first 48 bits. */
function v7(id: string): { ok: boolean; ms: number } {
  const hex = id.replaceAll("-", "");
  return {
    ok: /^[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}$/.test(hex),
    ms: Number.parseInt(hex.slice(0, 12), 16),
  };
}

type Maker = "cp_new_ids" | "cp_uuid_v7_portable" | "cp_new_id";

async function ids(fn: Maker, count: number): Promise<string[]> {
  const rows = await testDb().execute<{ id: string }>(
    fn === "cp_new_id"
      ? sql`select cp_new_id()::text as id from generate_series(1, ${count}::integer)`
      : sql`select unnest(${sql.raw(fn)}(${count}::integer))::text as id`,
  );
  return rows.map((r) => r.id);
}

describe.each(["cp_new_ids", "cp_new_id", "cp_uuid_v7_portable"] as const)("%s", (fn) => {
  it("makes version 7 ids that carry the server's time and grow from one call to the next", async () => {
    const [{ now }] = (await testDb().execute<{ now: string }>(
      sql`select (extract(epoch from clock_timestamp()) * 1000)::bigint::text as now`,
    )) as unknown as [{ now: string }];
    const first = await ids(fn, 50);
    await testDb().execute(sql`select pg_sleep(0.005)`);
    const second = await ids(fn, 50);
    expect(first).toHaveLength(50);
    expect(new Set([...first, ...second]).size).toBe(100);
    for (const id of [...first, ...second]) {
      const parsed = v7(id);
      expect(parsed.ok, id).toBe(true);
      expect(Math.abs(parsed.ms - Number(now))).toBeLessThan(60_000);
    }
    // Milliseconds later, every id of the second call sorts after every id of the first.
    expect([...first].sort().at(-1)! < [...second].sort()[0]!).toBe(true);
    expect(await ids(fn, 0)).toEqual([]);
  });
});

it("names every usage event and hold that debits and settles make with one", async () => {
  const ctx = testContext("2026-03-10T12:00:00Z");
  const ws = await makeWorkspace({});
  await fund(ctx, ws.workspaceId, 1_000);
  const generation = { membershipId: ws.ownerId, feature: "unit", model: "one", results: 1 };
  const one = await spend(ctx, { workspaceId: ws.workspaceId, ...generation, idempotencyKey: randomUUID() });
  const batch = await spendBatch(
    ctx,
    ws.workspaceId,
    // The set-based path, then a key twice (the record-by-record loop).
    [randomUUID(), randomUUID()].map((idempotencyKey) => ({ ...generation, idempotencyKey })),
  );
  const repeated = randomUUID();
  const loop = await spendBatch(ctx, ws.workspaceId, [
    { ...generation, idempotencyKey: repeated },
    { ...generation, idempotencyKey: randomUUID() },
    { ...generation, idempotencyKey: repeated },
  ]);
  const held = await hold(ctx, { workspaceId: ws.workspaceId, ...generation, idempotencyKey: randomUUID() });
  if (!held.ok) throw new Error(held.code);
  const settled = await settle(ctx, { workspaceId: ws.workspaceId, holdId: held.holdId });
  if (!settled.ok) throw new Error(settled.code);
  const made = [one, ...batch, ...loop].map((o) => {
    if (!o.ok) throw new Error(o.code);
    return o.usageEventId;
  });
  made.push(held.holdId, settled.usageEventId ?? "none");
  expect(made).toHaveLength(8);
  for (const id of made) expect(v7(id).ok, id).toBe(true);
});
