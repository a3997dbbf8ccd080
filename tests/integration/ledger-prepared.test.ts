// The ledger's calls go as named prepared statements on a direct connection (db/prepared.ts): the
// driver describes `select cp_debit(...)` once per connection and then sends only Bind + Execute,
// one round trip a spend instead of two. Through a pooler (prepare: false) they go unnamed and
// still work. Each pool here has one connection and its spends one lane (db/lanes.ts), so
// pg_prepared_statements of the one and of the other are those sessions'.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { inject } from "vitest";
import { sql } from "drizzle-orm";
import { createDatabase, type Database } from "@/db";
import { lanesOpened, onLane } from "@/db/lanes";
import { spend } from "@/lib/ledger";
import { ensureTestRates, fund, makeWorkspace, testContext, unitGeneration } from "../support/db";

const pools: Database[] = [];
afterAll(async () => {
  for (const pool of pools) await pool.$client.end();
});
beforeAll(async () => {
  await ensureTestRates();
});

/** Spends three times through a one-connection pool; the ledger statements that session has prepared. */
async function preparedAfterSpends(prepare: boolean): Promise<string[]> {
  const db = createDatabase(inject("databaseUrl"), { max: 1, prepare });
  pools.push(db);
  const team = await makeWorkspace();
  const ctx = { ...testContext(), db };
  await fund(ctx, team.workspaceId, 100);
  for (let i = 0; i < 3; i += 1) {
    const outcome = await spend(ctx, {
      workspaceId: team.workspaceId,
      membershipId: team.ownerId,
      ...unitGeneration(10),
      idempotencyKey: randomUUID(),
    });
    expect(outcome).toMatchObject({ ok: true, amount: 10, balanceAfter: 100 - 10 * (i + 1) });
  }
  // The grant ran on the pool's connection, the spends on the one lane they share.
  expect(lanesOpened(db)).toBe(1);
  const prepared = sql`select statement from pg_prepared_statements where statement like 'select cp_%' order by statement`;
  const rows = [
    ...(await db.execute<{ statement: string }>(prepared)),
    ...(await onLane(db, (lane) => lane.execute<{ statement: string }>(prepared))),
  ];
  return rows.map((row) => row.statement.slice(0, "select cp_debit(".length)).sort();
}

it("prepares each ledger statement once per connection on a direct connection", async () => {
  // The grant and the three spends: one statement each, the spends' prepared once and reused.
  expect(await preparedAfterSpends(true)).toEqual(["select cp_debit(", "select cp_grant("]);
});

it("prepares none through a pooler, and the ledger works the same", async () => {
  expect(await preparedAfterSpends(false)).toEqual([]);
});
