// Group commit's spends go on lanes (db/lanes.ts): connections of their own, the most recently used
// first. After a burst opened four lanes, spends one at a time all run on one backend (the pool would
// hand them round all four); a lane whose backend was terminated reconnects for the next spend; and
// ending the pool closes its lanes. Backends are told apart by pid in pg_stat_activity.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { inject } from "vitest";
import { createDatabase, type Database } from "@/db";
import { lanesOpened, onLane } from "@/db/lanes";
import { getBalance, spend } from "@/lib/ledger";
import type { LedgerContext } from "@/lib/ledger/types";
import { ensureTestRates, fund, makeWorkspace, testContext, testDb, unitGeneration } from "../support/db";

const pools: Database[] = [];
function pool(max: number): Database {
  const db = createDatabase(inject("databaseUrl"), { max });
  pools.push(db);
  return db;
}
beforeAll(async () => {
  await ensureTestRates();
});
afterAll(async () => {
  for (const db of pools) await db.$client.end();
});

async function fundedTeam(db: Database) {
  const team = await makeWorkspace();
  await fund({ ...testContext(), db }, team.workspaceId, 10_000);
  return team;
}

function spendOne(ctx: LedgerContext, team: { workspaceId: string; ownerId: string }) {
  return spend(ctx, {
    workspaceId: team.workspaceId,
    membershipId: team.ownerId,
    ...unitGeneration(10),
    idempotencyKey: randomUUID(),
  });
}

/** The backend pid of each of `count` lanes of `db`, taken all at once (so no lane is counted twice). */
async function lanePids(db: Database, count: number): Promise<number[]> {
  let taken = 0;
  let allTaken: () => void = () => {};
  const barrier = new Promise<void>((resolve) => (allTaken = resolve));
  return Promise.all(
    Array.from({ length: count }, () =>
      onLane(db, async (lane) => {
        const [row] = await lane.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
        if ((taken += 1) === count) allTaken();
        await barrier;
        return Number(row?.pid);
      }),
    ),
  );
}

/** Polls until `check` holds (at most 10 s): for what another backend does in its own time. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not met within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function alive(pids: number[]): Promise<number[]> {
  const rows = await testDb().execute<{ pid: number }>(
    sql`select pid from pg_stat_activity where pid = any(${`{${pids.join(",")}}`}::int[]) order by pid`,
  );
  return rows.map((row) => Number(row.pid));
}

it("keeps spends one at a time on one backend after a burst opened four lanes", async () => {
  const db = pool(4);
  const ctx: LedgerContext = { ...testContext(), db };
  const teams = [];
  for (let i = 0; i < 8; i += 1) teams.push(await fundedTeam(db));
  // Eight workspaces at once on a pool of four: four spends go alone at once, each on a lane.
  const burst = await Promise.all(teams.map((team) => spendOne(ctx, team)));
  expect(burst.every((outcome) => outcome.ok)).toBe(true);
  expect(lanesOpened(db)).toBe(4);
  const pids = await lanePids(db, 4);
  expect(new Set(pids).size).toBe(4);

  const [start] = await testDb().execute<{ at: string }>(sql`select clock_timestamp()::text as at`);
  const team = teams[0];
  if (!team || !start) throw new Error("no team");
  for (let i = 0; i < 10; i += 1) expect(await spendOne(ctx, team)).toMatchObject({ ok: true });
  const ran = await testDb().execute<{ pid: number }>(
    sql`select pid from pg_stat_activity
         where pid = any(${`{${pids.join(",")}}`}::int[]) and state_change > ${start.at}::timestamptz`,
  );
  // The driver's own pool would have handed the ten round all four backends.
  expect(ran.length).toBe(1);
  expect(lanesOpened(db)).toBe(4);
  expect(await getBalance(ctx, team.workspaceId)).toMatchObject({ total: 10_000 - 11 * 10 });
});

it("reconnects a lane whose backend was terminated, for the next spend", async () => {
  const db = pool(2);
  const ctx: LedgerContext = { ...testContext(), db };
  const team = await fundedTeam(db);
  expect(await spendOne(ctx, team)).toMatchObject({ ok: true });
  const [pid] = await lanePids(db, 1);
  if (!pid) throw new Error("no lane");
  await testDb().execute(sql`select pg_terminate_backend(${pid}::int)`);
  await eventually(async () => (await alive([pid])).length === 0);

  expect(await spendOne(ctx, team)).toMatchObject({ ok: true, balanceAfter: 10_000 - 20 });
  expect(lanesOpened(db)).toBe(1);
});

it("closes the lanes when the pool ends", async () => {
  const db = createDatabase(inject("databaseUrl"), { max: 2 });
  const ctx: LedgerContext = { ...testContext(), db };
  const team = await fundedTeam(db);
  await Promise.all([spendOne(ctx, team), spendOne(ctx, await fundedTeam(db))]);
  const pids = await lanePids(db, 2);
  expect(await alive(pids)).toEqual([...pids].sort((a, b) => a - b));
  await db.$client.end();
  await eventually(async () => (await alive(pids)).length === 0);
});
