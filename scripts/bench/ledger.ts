// npm run bench:ledger: the hot path, measured against a baseline taken on the same PostgreSQL in
// the same run. Prints throughput and p50/p95/p99 for each case and its ratio to the baseline,
// then runs ledger:verify on everything the benchmark wrote.
//
//   (a) baseline: one guarded UPDATE ... WHERE balance >= n RETURNING plus a ledger insert, in one
//       statement, at 8 and 32 clients
//   (b) spend() in-process          at 1, 8 and 32 clients, one hot workspace
//   (c) POST /api/v1/usage over HTTP at 1, 8 and 32 clients, one hot workspace
//   (d) the same over HTTP spread over 1,000 workspaces
//   (e) POST /api/v1/usage/batch (1,000 records per call), in records/s
//   (f) for reference, the same route answering 401 to a malformed key (no database work) at 32
//       clients: the floor of Next.js plus the load generator on this machine
//
// Options: --seconds N (per case, default 5), --port N (app, default 3300), --keep (keep .data/bench).
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { workspaces } from "../../db/schema";
import { createUser } from "../../db/queries/users";
import {
  apiPoster,
  fundedWorkspace,
  NO_RATE_LIMIT,
  percentile,
  runBench,
  spendOneImage,
  type Bench,
} from "./support";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    port: { type: "string", default: "3300" },
    keep: { type: "boolean", default: false },
  },
});
const SECONDS = Number(values.seconds);
const APP_PORT = Number(values.port);
const DATA_DIR = ".data/bench";

type Result = {
  name: string;
  clients: number;
  ops: number;
  seconds: number;
  latencies: number[];
  unit: string;
};

/** Runs `clients` loops for SECONDS, each calling `op` back to back; op returns how many units it did. */
async function measure(
  name: string,
  clients: number,
  op: (client: number) => Promise<number>,
  unit = "ops",
): Promise<Result> {
  // Warm up (JIT, plans, connections) before measuring.
  const warmUntil = Date.now() + 1_000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (Date.now() < warmUntil) await op(c);
    }),
  );
  const latencies: number[] = [];
  let ops = 0;
  const start = performance.now();
  const until = start + SECONDS * 1_000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        // Not `ops += await op(c)`: that reads `ops` before the await and loses the other loops' counts.
        const done = await op(c);
        ops += done;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1_000;
  latencies.sort((a, b) => a - b);
  return { name, clients, ops, seconds, latencies, unit };
}

function row(result: Result, baseline: Result | null) {
  const throughput = result.ops / result.seconds;
  return {
    case: result.name,
    clients: result.clients,
    [`${result.unit}/s`]: Math.round(throughput),
    "p50 ms": percentile(result.latencies, 50).toFixed(2),
    "p95 ms": percentile(result.latencies, 95).toFixed(2),
    "p99 ms": percentile(result.latencies, 99).toFixed(2),
    "× baseline": baseline ? (throughput / (baseline.ops / baseline.seconds)).toFixed(2) : "",
  };
}

async function main({ db, url, serve }: Bench) {
  const raw = postgres(url, { max: 40, onnotice: () => {} });
  const results: { result: Result; baseline: Result | null }[] = [];
  try {
    // (a) Baseline tables: the cheapest correct debit PostgreSQL can do here.
    await raw.unsafe(`
      create table bench_accounts (id int primary key, balance bigint not null check (balance >= 0));
      create table bench_ledger (id bigserial primary key, account_id int not null, amount bigint not null, balance_after bigint not null, created_at timestamptz not null default now());
      insert into bench_accounts values (1, 1000000000000);`);
    const baselineOp = async () => {
      await raw`with d as (update bench_accounts set balance = balance - 24 where id = 1 and balance >= 24 returning balance)
                insert into bench_ledger (account_id, amount, balance_after) select 1, -24, balance from d`;
      return 1;
    };
    const base8 = await measure("baseline: guarded UPDATE + ledger INSERT (one statement)", 8, baselineOp);
    const base32 = await measure("baseline: guarded UPDATE + ledger INSERT (one statement)", 32, baselineOp);
    results.push({ result: base8, baseline: null }, { result: base32, baseline: null });
    const baselineFor = (clients: number) => (clients <= 8 ? base8 : base32);

    // Workspaces: one hot one, and 1,000 for the spread case.
    const owner = await createUser(db, { email: `bench-${randomUUID()}@bench.test`, name: "Bench" });
    const makeWorkspace = (i: number) =>
      fundedWorkspace(db, { ownerUserId: owner.id, label: `Bench ${i}`, credits: 1_000_000_000_000 });
    const hot = await makeWorkspace(0);
    const spread: Awaited<ReturnType<typeof makeWorkspace>>[] = [];
    for (let i = 1; i <= 1_000; i += 1) spread.push(await makeWorkspace(i));

    // (b) spend() in-process.
    for (const clients of [1, 8, 32]) {
      const result = await measure("spend() in-process, one hot workspace", clients, async () => {
        await spendOneImage(db, hot);
        return 1;
      });
      results.push({ result, baseline: baselineFor(clients) });
    }

    // The app, on this database, without its scheduler (nothing else competes for the rows).
    await serve(APP_PORT, { DATABASE_POOL_SIZE: "40", ...NO_RATE_LIMIT });
    const base = `http://127.0.0.1:${APP_PORT}`;
    const post = apiPoster(base);
    const usage = (member: string) => ({
      idempotencyKey: randomUUID(),
      member,
      feature: "image",
      model: "imagine-standard",
      results: 1,
    });

    // (c) HTTP, one hot workspace.
    for (const clients of [1, 8, 32]) {
      const result = await measure("POST /api/v1/usage over HTTP, one hot workspace", clients, async () => {
        await post(hot.key, "/api/v1/usage", usage(hot.membershipId));
        return 1;
      });
      results.push({ result, baseline: baselineFor(clients) });
    }
    // (d) HTTP, spread over 1,000 workspaces.
    for (const clients of [1, 8, 32]) {
      let next = 0;
      const result = await measure("POST /api/v1/usage over HTTP, 1,000 workspaces", clients, async () => {
        const w = spread[next++ % spread.length];
        if (!w) throw new Error("no workspaces to spread over");
        await post(w.key, "/api/v1/usage", usage(w.membershipId));
        return 1;
      });
      results.push({ result, baseline: baselineFor(clients) });
    }
    // (f) For reference, the floor of the HTTP stack on this machine: the same route answering 401
    // to a malformed key, before any database work. No route can be faster than this.
    for (const clients of [32]) {
      const result = await measure(
        "reference: the same route answering 401 (no database work)",
        clients,
        async () => {
          const response = await fetch(`${base}/api/v1/usage`, {
            method: "POST",
            headers: { authorization: "Bearer not-a-key", "content-type": "application/json" },
            body: JSON.stringify(usage(hot.membershipId)),
          });
          if (response.status !== 401) throw new Error(`expected 401, got ${response.status}`);
          await response.arrayBuffer();
          return 1;
        },
      );
      results.push({ result, baseline: baselineFor(clients) });
    }
    // (e) Batch endpoint, records/s.
    for (const clients of [1, 4]) {
      const result = await measure(
        "POST /api/v1/usage/batch (1,000 records/call), one hot workspace",
        clients,
        async () => {
          const body = await post(hot.key, "/api/v1/usage/batch", {
            records: Array.from({ length: 1_000 }, () => usage(hot.membershipId)),
          });
          if (body.failed !== 0) throw new Error(`batch had failures: ${JSON.stringify(body).slice(0, 300)}`);
          return 1_000;
        },
        "records",
      );
      results.push({ result, baseline: null });
    }

    console.log(
      `\nbench:ledger — ${SECONDS} s per case, ${new Date().toISOString()}, node ${process.version}, ${(await raw`select version()`)[0]?.version}`,
    );
    console.table(results.map(({ result, baseline }) => row(result, baseline)));

    const [hotRow] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, hot.id));
    if (!hotRow) process.exitCode = 1;
  } finally {
    await raw.end();
  }
}

runBench(
  { name: "bench:ledger", dataDir: DATA_DIR, keep: values.keep, poolSize: 40, build: true, verify: true },
  main,
);
