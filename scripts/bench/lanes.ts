// npm run bench:lanes: what lanes (db/lanes.ts) do to a spend, in one process, A/B in the same run.
// The same spend() through two pools of the same size on one database: one as the app makes it (group
// commit's statements on lanes, the most recently used connection first) and one with `lanes: false`
// (the statements on the driver's pool, which hands each to the connection idle longest), alternating
// rounds so that drift in the machine's load falls on both. No HTTP, so what moves is the database's
// side: one hot workspace at 1, 8 and 32 clients, and 1,000 workspaces at 32. Ratios are lanes ÷ pool
// within a round; the table keeps the median of the rounds.
//
// Options: --seconds N (per case and round, default 3), --rounds N (default 3), --pool N (default 4, the
// app's server in bench:api), --keep (keep .data/bench-lanes).
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { createDatabase, type Database } from "../../db";
import { createUser } from "../../db/queries/users";
import {
  fundedWorkspace,
  measureLoops,
  percentile,
  postgresCpuMs,
  runBench,
  spendOneImage,
  type Bench,
  median,
} from "./support";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "3" },
    rounds: { type: "string", default: "3" },
    pool: { type: "string", default: "4" },
    keep: { type: "boolean", default: false },
  },
});
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const POOL = Number(values.pool);
const DATA_DIR = ".data/bench-lanes";

const databaseCpuMs = () => postgresCpuMs(DATA_DIR);

type Result = { perSecond: number; p50: number; p99: number; dbCpuMs: number; cpuMs: number };

async function main({ db, url }: Bench) {
  const owner = await createUser(db, { email: `lanes-${randomUUID()}@bench.test`, name: "Bench" });
  const make = (i: number) =>
    fundedWorkspace(db, { ownerUserId: owner.id, label: `Lanes ${i}`, credits: 1_000_000_000_000 });
  const hot = await make(0);
  const spread: Awaited<ReturnType<typeof make>>[] = [];
  for (let i = 1; i <= 1_000; i += 1) spread.push(await make(i));

  const pools: Record<"lanes" | "pool", Database> = {
    lanes: createDatabase(url, { max: POOL }),
    pool: createDatabase(url, { max: POOL, lanes: false }),
  };
  let at = 0;
  const pick = (which: "hot" | "spread") => {
    if (which === "hot") return hot;
    const w = spread[at++ % spread.length];
    if (!w) throw new Error("no workspaces");
    return w;
  };
  const cases = [
    { name: "spend(), one hot workspace", which: "hot", clients: 1 },
    { name: "spend(), one hot workspace", which: "hot", clients: 8 },
    { name: "spend(), one hot workspace", which: "hot", clients: 32 },
    { name: "spend(), 1,000 workspaces", which: "spread", clients: 32 },
  ] as const;
  const measure = async (target: Database, which: "hot" | "spread", clients: number): Promise<Result> => {
    let spent = { db: 0, cpu: 0 };
    const { perSecond, latencies } = await measureLoops(
      SECONDS,
      clients,
      async () => {
        await spendOneImage(target, pick(which));
        return 1;
      },
      () => {
        const db0 = databaseCpuMs();
        const cpu0 = process.cpuUsage();
        return () => {
          const cpu = process.cpuUsage(cpu0);
          spent = { db: databaseCpuMs() - db0, cpu: (cpu.user + cpu.system) / 1000 };
        };
      },
    );
    const done = latencies.length;
    return {
      perSecond,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      dbCpuMs: done > 0 ? spent.db / done : 0,
      cpuMs: done > 0 ? spent.cpu / done : 0,
    };
  };

  try {
    // Open every connection of both (a burst at 32), as a server that has seen load has.
    for (const target of Object.values(pools)) await measure(target, "spread", 32);
    const results = new Map<string, Result[]>();
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? (["lanes", "pool"] as const) : (["pool", "lanes"] as const);
      for (const c of cases) {
        for (const kind of order) {
          const key = `${c.name}|${c.clients}|${kind}`;
          const list = results.get(key) ?? [];
          list.push(await measure(pools[kind], c.which, c.clients));
          results.set(key, list);
        }
      }
      console.log(`round ${round + 1} of ${ROUNDS} done`);
    }
    console.log(
      `\nbench:lanes — pool of ${POOL}, ${SECONDS} s a case, ${ROUNDS} rounds, ${new Date().toISOString()}, node ${process.version}`,
    );
    console.table(
      cases.map((c) => {
        const lanes = results.get(`${c.name}|${c.clients}|lanes`) ?? [];
        const pool = results.get(`${c.name}|${c.clients}|pool`) ?? [];
        const ratio = (f: (r: Result) => number) =>
          median(lanes.map((r, i) => f(r) / Math.max(1e-9, f(pool[i] ?? r)))).toFixed(2);
        const show = (list: Result[], f: (r: Result) => number, digits: number) =>
          list.map((r) => f(r).toFixed(digits)).join(" / ");
        return {
          case: c.name,
          clients: c.clients,
          "pool: spends/s": show(pool, (r) => r.perSecond, 0),
          "lanes: spends/s": show(lanes, (r) => r.perSecond, 0),
          "× spends/s": ratio((r) => r.perSecond),
          "pool: p50 ms": show(pool, (r) => r.p50, 2),
          "lanes: p50 ms": show(lanes, (r) => r.p50, 2),
          "× p50": ratio((r) => r.p50),
          "pool: db CPU ms": show(pool, (r) => r.dbCpuMs, 3),
          "lanes: db CPU ms": show(lanes, (r) => r.dbCpuMs, 3),
          "× db CPU": ratio((r) => r.dbCpuMs),
        };
      }),
    );
  } finally {
    for (const target of Object.values(pools)) await target.$client.end();
  }
}

runBench(
  { name: "bench:lanes", dataDir: DATA_DIR, keep: values.keep, poolSize: 4, build: false, verify: true },
  main,
);
