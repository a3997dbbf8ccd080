// npm run bench:api: the metering API over HTTP, driven by autocannon (a standard load generator whose
// own CPU is counted and printed), against the app's server (server.ts, as `npm start` serves it) and,
// in the same run for comparison, bare `next start` and a plain node:http server that only answers.
// Ratios are to a baseline measured in the same run on the same PostgreSQL (the one bench:ledger uses:
// a guarded UPDATE plus a ledger INSERT in one statement), and each target of issue 20 gets a row
// saying met or not met.
//
// Options: --seconds N (per case, default 5), --port N (default 3300), --pool N (the server's
// DATABASE_POOL_SIZE, default 4), --keep (keep .data/bench-api),
// --only app (skip the `next start` comparison), --profile (instead of the table: CPU-profile each
// server under the hot-workspace load at 1 and 32 clients and print where the CPU went per request;
// profiles kept in .data/profiles), --rounds N (alternating rounds of the app and both floors at 1
// and at 32 clients on one workspace, after the table's cases; default 3, 0 for none).
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import postgres from "postgres";
import { createUser } from "../../db/queries/users";
import { summarize, summaryRows } from "./profile-summary";
import {
  fundedWorkspace,
  groupCpuMs,
  measureLoops,
  median,
  metricTotal,
  NO_RATE_LIMIT,
  percentile,
  postgresCpuMs,
  processStats,
  runBench,
  scrapeMetrics,
  spendOneImage,
  startServer,
  type Bench,
  type ServerKind,
} from "./support";

/** The server's /api/metrics token: the bench reads group commit's histogram between cases. */
const METRICS_TOKEN = `bench-api-${randomUUID()}`;

/** Statements and spends group commit has counted so far (creditpool_group_commit_batch_size), or null. */
async function groupCommitTotals(base: string): Promise<{ statements: number; spends: number } | null> {
  const text = await scrapeMetrics(base, METRICS_TOKEN);
  if (text === null || !text.includes("creditpool_group_commit_batch_size_count")) return null;
  return {
    statements: metricTotal(text, "creditpool_group_commit_batch_size_count"),
    spends: metricTotal(text, "creditpool_group_commit_batch_size_sum"),
  };
}

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    port: { type: "string", default: "3300" },
    pool: { type: "string", default: "4" },
    keep: { type: "boolean", default: false },
    only: { type: "string" },
    profile: { type: "boolean", default: false },
    rounds: { type: "string", default: "3" },
  },
});
const SECONDS = Number(values.seconds);
/** Alternating rounds of the hot-workspace cases at 1 and 32 clients: the app and both floors. */
const ROUNDS = Number(values.rounds);
/** The alternating rounds measure these numbers of clients (the one-client and the 32-client target). */
const ALTERNATING_CLIENTS = [1, 32];
const PORT = Number(values.port);
// The server's pool (DATABASE_POOL_SIZE). On this machine's two cores 4 served the most and the fastest:
// at 1 client 3.0 ms p50 with 4 connections, 5.9 ms with 10 (the app's default) and 4.1-4.9 ms with 40;
// at 32 clients 1,451/s with 4, 898/s with 10 and 777-872/s with 40 (docs/PERFORMANCE.md). More
// connections than the database has cores only queue inside PostgreSQL, and the driver hands
// queries round the pool, so each backend's caches are cold when its turn comes.
const POOL = Number(values.pool);
const DATA_DIR = ".data/bench-api";
/** Requests a fresh server answers before anything is measured (its JIT warms up). */
const WARM_UP_SECONDS = 5;

type Measured = {
  name: string;
  server: string;
  clients: number;
  perSecond: number;
  latencies: number[];
  /** CPU ms per request of the load generator, and of the server's process group (null when in-process). */
  clientCpuMs: number | null;
  serverCpuMs: number | null;
  /** CPU ms per request of PostgreSQL (the postmaster and its backends), and how busy both cores were. */
  dbCpuMs: number | null;
  machineBusy: number | null;
};

const PROFILE_DIR = path.resolve(".data/profiles");

/** The server process of group `pgid`: the one with the most memory (not npx or tsx's launcher). */
function serverPid(pgid: number): number {
  let best = 0;
  let bestRss = -1;
  for (const [pid, fields] of processStats()) {
    if (Number(fields[2]) !== pgid) continue;
    const rss = Number(fields[21]);
    if (rss > bestRss) [best, bestRss] = [pid, rss];
  }
  return best;
}

const databaseCpuMs = () => postgresCpuMs(DATA_DIR);

/** The machine's busy and total CPU time so far, in clock ticks (all cores; /proc/stat's first line). */
function machineTicks(): { busy: number; total: number } {
  const [, ...fields] = readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/) ?? [];
  const values = fields.map(Number);
  const total = values.reduce((sum, v) => sum + v, 0);
  // idle and iowait are the 4th and 5th fields.
  return { busy: total - (values[3] ?? 0) - (values[4] ?? 0), total };
}

/**
 * Profiles the server of group `pgid` (started with profile-on-signal.mjs preloaded) while `load` runs
 * for SECONDS after a warm-up, and prints where its CPU went per request.
 */
async function profileLoad(base: string, load: Load): Promise<void> {
  await runLoad(base, load, 1, false);
  const pid = serverPid(load.pgid);
  const done = path.join(PROFILE_DIR, `${pid}.done`);
  rmSync(done, { force: true });
  process.kill(pid, "SIGUSR2");
  await new Promise((resolve) => setTimeout(resolve, 200));
  const cpu0 = groupCpuMs(load.pgid);
  const result = await runLoad(base, load, SECONDS, false);
  const serverCpuMs = groupCpuMs(load.pgid) - cpu0;
  process.kill(pid, "SIGUSR2");
  while (!existsSync(done)) await new Promise((resolve) => setTimeout(resolve, 100));
  const file = path.join(
    PROFILE_DIR,
    `${load.server.replace(/\W+/g, "-")}-${load.expectStatus}-${load.clients}c` +
      `${load.name.includes("1,000 workspaces") ? "-1000ws" : ""}.cpuprofile`,
  );
  rmSync(file, { force: true });
  renameSync(path.join(PROFILE_DIR, `${pid}.cpuprofile`), file);
  const requests = Math.round(result.perSecond * SECONDS);
  console.log(
    `\n${load.name}, ${load.server}, ${load.clients} client(s): ${requests} requests in ${SECONDS} s, ` +
      `server CPU ${(serverCpuMs / requests).toFixed(3)} ms/request, ` +
      `client (autocannon) CPU ${result.clientCpuMs?.toFixed(3)} ms/request (${file})`,
  );
  console.table(summaryRows(summarize(JSON.parse(readFileSync(file, "utf8"))), requests, serverCpuMs));
}

type Load = {
  name: string;
  server: string;
  pgid: number;
  clients: number;
  path: string;
  /** A fresh body (and key) per request: every spend needs its own idempotency key. */
  next: () => { key: string; body: string };
  expectStatus: number;
};

async function runLoad(base: string, load: Load, seconds: number, record: boolean): Promise<Measured> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const cpu0 = process.cpuUsage();
  const server0 = groupCpuMs(load.pgid);
  const db0 = databaseCpuMs();
  const machine0 = machineTicks();
  const instance = autocannon({
    url: `${base}${load.path}`,
    connections: load.clients,
    duration: seconds,
    method: "POST",
    requests: [
      {
        setupRequest: (request) => {
          const { key, body } = load.next();
          return {
            ...request,
            method: "POST",
            path: load.path,
            headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
            body,
          };
        },
      },
    ],
  });
  instance.on("response", (_client, status, _bytes, ms) => {
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (record) latencies.push(ms);
  });
  const result = await instance;
  const cpu = process.cpuUsage(cpu0);
  const serverMs = groupCpuMs(load.pgid) - server0;
  const dbMs = databaseCpuMs() - db0;
  const machine1 = machineTicks();
  const total = result.requests.total;
  const wrong = [...statuses].filter(([status]) => status !== load.expectStatus);
  if (wrong.length > 0 || result.errors > 0)
    throw new Error(
      `${load.name} (${load.server}): statuses ${JSON.stringify([...statuses])}, ${result.errors} errors`,
    );
  latencies.sort((a, b) => a - b);
  return {
    name: load.name,
    server: load.server,
    clients: load.clients,
    perSecond: total / seconds,
    latencies,
    clientCpuMs: total > 0 ? (cpu.user + cpu.system) / 1000 / total : null,
    serverCpuMs: total > 0 ? serverMs / total : null,
    dbCpuMs: total > 0 ? dbMs / total : null,
    machineBusy: (machine1.busy - machine0.busy) / Math.max(1, machine1.total - machine0.total),
  };
}

/** One second of warm-up (JIT, plans, connections), then SECONDS measured. */
async function measureHttp(base: string, load: Load): Promise<Measured> {
  await runLoad(base, load, 1, false);
  return runLoad(base, load, SECONDS, true);
}

/** Runs `clients` loops calling `op` back to back for SECONDS (after a 1 s warm-up), in this process. */
async function measureInProcess(name: string, clients: number, op: () => Promise<void>): Promise<Measured> {
  let spent = { cpuMs: 0, dbMs: 0, busy: 0 };
  const { perSecond, latencies } = await measureLoops(
    SECONDS,
    clients,
    async () => {
      await op();
      return 1;
    },
    () => {
      const cpu0 = process.cpuUsage();
      const db0 = databaseCpuMs();
      const machine0 = machineTicks();
      return () => {
        const cpu = process.cpuUsage(cpu0);
        const machine1 = machineTicks();
        spent = {
          cpuMs: (cpu.user + cpu.system) / 1000,
          dbMs: databaseCpuMs() - db0,
          busy: (machine1.busy - machine0.busy) / Math.max(1, machine1.total - machine0.total),
        };
      };
    },
  );
  const done = latencies.length;
  return {
    name,
    server: "",
    clients,
    perSecond,
    latencies,
    clientCpuMs: null,
    // In-process, the app's code runs in this process: its CPU stands where the server's would.
    serverCpuMs: done > 0 ? spent.cpuMs / done : null,
    dbCpuMs: done > 0 ? spent.dbMs / done : null,
    machineBusy: spent.busy,
  };
}

const FLOOR_HOT = "floor: spend() behind bare node:http, one hot workspace";
const FLOOR_SPREAD = "floor: spend() behind bare node:http, 1,000 workspaces";
const FLOOR_BASELINE = "floor: the baseline's statement behind bare node:http";
const FLOOR_IN_NEXT_HOT = "floor in a Next.js process: spend(), one hot workspace";
const FLOOR_IN_NEXT_SPREAD = "floor in a Next.js process: spend(), 1,000 workspaces";

/**
 * scripts/bench/floor-server.ts on `port`, with the app's pool size. `inNext`: with Next.js loaded in
 * its process and each request in an AsyncLocalStorage, as in server.ts (with the env the app gets).
 */
const startFloorServer = (port: number, url: string, inNext = false) =>
  startServer(
    path.resolve("node_modules/.bin/tsx"),
    ["--conditions=react-server", "scripts/bench/floor-server.ts"],
    {
      DATABASE_URL: url,
      PORT: String(port),
      DATABASE_POOL_SIZE: String(POOL),
      ...(inNext
        ? {
            FLOOR_IN_NEXT: "1",
            RUN_SCHEDULER: "false",
            NEXT_TELEMETRY_DISABLED: "1",
            NEXTAUTH_SECRET: "bench-secret-not-for-production-use",
          }
        : {}),
    },
  );

/** A plain node:http server that reads the body and answers 401: the floor of any Node HTTP server here. */
const startPlainNode = (port: number) =>
  startServer(process.execPath, [
    "-e",
    `require("node:http").createServer((q, s) => { q.resume(); q.on("end", () => { s.writeHead(401, { "content-type": "application/json" }); s.end('{"error":{"code":"unauthorized"}}'); }); }).listen(${port}, () => console.log("ready"));`,
  ]);

async function main({ db, url, serve }: Bench) {
  const raw = postgres(url, { max: 40, onnotice: () => {} });
  const rows: Measured[] = [];
  try {
    await raw.unsafe(`
      create table bench_accounts (id int primary key, balance bigint not null check (balance >= 0));
      create table bench_ledger (id bigserial primary key, account_id int not null, amount bigint not null, balance_after bigint not null, created_at timestamptz not null default now());
      insert into bench_accounts values (1, 1000000000000);`);
    const baselineOp = async () => {
      await raw`with d as (update bench_accounts set balance = balance - 24 where id = 1 and balance >= 24 returning balance)
                insert into bench_ledger (account_id, amount, balance_after) select 1, -24, balance from d`;
    };
    const baseline = new Map<number, Measured>();
    for (const clients of [8, 32]) {
      const result = await measureInProcess("baseline: guarded UPDATE + ledger INSERT", clients, baselineOp);
      baseline.set(clients, result);
      rows.push(result);
    }

    const owner = await createUser(db, { email: `bench-${randomUUID()}@bench.test`, name: "Bench" });
    const makeWorkspace = (i: number) =>
      fundedWorkspace(db, { ownerUserId: owner.id, label: `Bench ${i}`, credits: 1_000_000_000_000 });
    const hot = await makeWorkspace(0);
    const spread: Awaited<ReturnType<typeof makeWorkspace>>[] = [];
    for (let i = 1; i <= 1_000; i += 1) spread.push(await makeWorkspace(i));

    const inProcess = new Map<number, Measured>();
    for (const clients of [1, 8]) {
      const result = await measureInProcess("spend() in-process, one hot workspace", clients, async () => {
        // With the key, as the route makes the call: the ledger checks its cap and counts its usage.
        await spendOneImage(db, hot, hot.keyId);
      });
      inProcess.set(clients, result);
      rows.push(result);
    }

    const usageBody = (member: string) =>
      JSON.stringify({
        idempotencyKey: randomUUID(),
        member,
        feature: "image",
        model: "imagine-standard",
        results: 1,
      });
    const hotNext = () => ({ key: hot.key, body: usageBody(hot.membershipId) });
    let spreadAt = 0;
    const spreadNext = () => {
      const w = spread[spreadAt++ % spread.length];
      if (!w) throw new Error("no workspaces to spread over");
      return { key: w.key, body: usageBody(w.membershipId) };
    };
    const badKeyNext = () => ({ key: "not-a-key", body: usageBody(hot.membershipId) });
    const base = `http://127.0.0.1:${PORT}`;
    // Warm a fresh server's JIT before anything is measured: the one-client case comes first, and on a
    // cold process it measured V8 still interpreting and compiling (Ignition, Sparkplug and TurboFan
    // frames in `perf`), at 3-4× the CPU a request of a warm one.
    const warmUp = (pgid: number, server: string) =>
      runLoad(
        base,
        {
          name: "warm-up",
          server,
          pgid,
          clients: 8,
          path: "/api/v1/usage",
          next: hotNext,
          expectStatus: 201,
        },
        WARM_UP_SECONDS,
        false,
      );

    const idleCpu: string[] = [];
    // The app's server (the last one served) for the alternating rounds, and their measurements.
    let appPgid: number | null = null;
    const appBase = base;
    /** The alternating rounds' measurements, by number of clients (1 and 32), then by server. */
    const alternating = new Map<number, Map<string, Measured[]>>();
    const groupSizes: Record<string, string | number>[] = [];
    const kinds: ServerKind[] = values.only === "app" ? ["app"] : ["next-start", "app"];
    if (values.profile) {
      for (const kind of kinds) {
        const server = kind === "app" ? "server.ts" : "next start";
        const pgid = await serve(
          PORT,
          {
            DATABASE_POOL_SIZE: String(POOL),
            ...NO_RATE_LIMIT,
            NODE_OPTIONS: `--import ${pathToFileURL(path.resolve("scripts/bench/profile-on-signal.mjs")).href}`,
            CREDITPOOL_PROFILE_DIR: PROFILE_DIR,
          },
          kind,
        );
        await warmUp(pgid, server);
        for (const clients of [1, 32]) {
          await profileLoad(base, {
            name: "POST /api/v1/usage, one hot workspace",
            server,
            pgid,
            clients,
            path: "/api/v1/usage",
            next: hotNext,
            expectStatus: 201,
          });
        }
        await profileLoad(base, {
          name: "POST /api/v1/usage, 1,000 workspaces",
          server,
          pgid,
          clients: 32,
          path: "/api/v1/usage",
          next: spreadNext,
          expectStatus: 201,
        });
        await profileLoad(base, {
          name: "reference: the route answering 401",
          server,
          pgid,
          clients: 32,
          path: "/api/v1/usage",
          next: badKeyNext,
          expectStatus: 401,
        });
      }
      return;
    }
    for (const kind of kinds) {
      const server = kind === "app" ? "server.ts" : "next start";
      const pgid = await serve(
        PORT,
        { DATABASE_POOL_SIZE: String(POOL), METRICS_TOKEN, ...NO_RATE_LIMIT },
        kind,
      );
      // The app is served last and stays up until the run ends.
      appPgid = kind === "app" ? pgid : null;
      // What the server and PostgreSQL burn with no request at all (timers, pools): spread over few
      // requests, it is part of the one-client rows' CPU per request.
      const idle0 = { server: groupCpuMs(pgid), db: databaseCpuMs() };
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      idleCpu.push(
        `${server} idle: ${((groupCpuMs(pgid) - idle0.server) / 3).toFixed(1)} CPU ms a second, ` +
          `PostgreSQL ${((databaseCpuMs() - idle0.db) / 3).toFixed(1)}`,
      );
      await warmUp(pgid, server);
      const loads: Omit<Load, "server" | "pgid">[] = [
        ...[1, 8, 32].map((clients) => ({
          name: "POST /api/v1/usage, one hot workspace",
          clients,
          path: "/api/v1/usage",
          next: hotNext,
          expectStatus: 201,
        })),
        ...[1, 32].map((clients) => ({
          name: "POST /api/v1/usage, 1,000 workspaces",
          clients,
          path: "/api/v1/usage",
          next: spreadNext,
          expectStatus: 201,
        })),
        ...[1, 32].map((clients) => ({
          name: "reference: the route answering 401 (no database work)",
          clients,
          path: "/api/v1/usage",
          next: badKeyNext,
          expectStatus: 401,
        })),
      ];
      for (const load of loads) {
        const before = await groupCommitTotals(base);
        rows.push(await measureHttp(base, { ...load, server, pgid }));
        const after = await groupCommitTotals(base);
        if (before && after && load.expectStatus === 201) {
          const statements = after.statements - before.statements;
          const spends = after.spends - before.spends;
          groupSizes.push({
            case: load.name,
            server,
            clients: load.clients,
            "ledger statements": statements,
            spends,
            "spends a statement": statements > 0 ? (spends / statements).toFixed(2) : "",
          });
        }
      }
    }
    const plain = await startPlainNode(PORT + 1);
    try {
      for (const clients of [1, 32]) {
        rows.push(
          await measureHttp(`http://127.0.0.1:${PORT + 1}`, {
            name: "reference: plain node:http answering 401",
            server: "node:http",
            pgid: plain.pgid,
            clients,
            path: "/api/v1/usage",
            next: badKeyNext,
            expectStatus: 401,
          }),
        );
      }
    } finally {
      plain.stop();
    }

    // The floor: the same spend() and the baseline's statement behind the barest node:http server
    // (scripts/bench/floor-server.ts: no route, no Request/Response, no key lookup, no zod, no log line), in a
    // process of its own, so a request crosses the same three processes as one to the app's server.
    // The route's very ledger call, the key's id included (its cap checked, its usage counted).
    const floorBody = (w: { id: string; membershipId: string; keyId: string }) =>
      JSON.stringify({
        workspaceId: w.id,
        member: w.membershipId,
        apiKeyId: w.keyId,
        idempotencyKey: randomUUID(),
      });
    const floorHot = () => ({ key: "none", body: floorBody(hot) });
    let floorSpreadAt = 0;
    const floorSpread = () => {
      const w = spread[floorSpreadAt++ % spread.length];
      if (!w) throw new Error("no workspaces to spread over");
      return { key: "none", body: floorBody(w) };
    };
    // Both floors stay up until the alternating rounds at the end are done; each idles while the other
    // is measured, as the app's server does.
    const floor = await startFloorServer(PORT + 2, url);
    let floorInNext: Awaited<ReturnType<typeof startFloorServer>> | null = null;
    try {
      const floorBase = `http://127.0.0.1:${PORT + 2}`;
      const floorLoad = (name: string, clients: number, path: string, next: Load["next"]): Load => ({
        name,
        server: "floor (node:http)",
        pgid: floor.pgid,
        clients,
        path,
        next,
        expectStatus: 201,
      });
      await runLoad(floorBase, floorLoad("warm-up", 8, "/spend", floorHot), WARM_UP_SECONDS, false);
      for (const clients of [1, 8, 32])
        rows.push(await measureHttp(floorBase, floorLoad(FLOOR_HOT, clients, "/spend", floorHot)));
      rows.push(await measureHttp(floorBase, floorLoad(FLOOR_SPREAD, 32, "/spend", floorSpread)));
      for (const clients of [1, 8, 32])
        rows.push(await measureHttp(floorBase, floorLoad(FLOOR_BASELINE, clients, "/baseline", floorHot)));

      // The same floor in a process that has loaded Next.js as server.ts does, each request in an
      // AsyncLocalStorage: what serving the pages from the same process costs a spend before any of the
      // metering API's own code (32 clients, where the targets are).
      floorInNext = await startFloorServer(PORT + 3, url, true);
      const inNextBase = `http://127.0.0.1:${PORT + 3}`;
      const inNextLoad = (name: string, next: Load["next"]): Load => ({
        name,
        server: "floor in Next.js",
        pgid: floorInNext?.pgid ?? 0,
        clients: 32,
        path: "/spend",
        next,
        expectStatus: 201,
      });
      await runLoad(inNextBase, { ...inNextLoad("warm-up", floorHot), clients: 8 }, WARM_UP_SECONDS, false);
      rows.push(await measureHttp(inNextBase, inNextLoad(FLOOR_IN_NEXT_HOT, floorHot)));
      rows.push(await measureHttp(inNextBase, inNextLoad(FLOOR_IN_NEXT_SPREAD, floorSpread)));

      // The one-client and 32-client targets once more, the app and both floors taking turns round by
      // round (the order rotating), so a change in the machine's speed during the run meets all three
      // alike: the rows above measure each server once, minutes apart.
      if (ROUNDS > 0 && appPgid !== null) {
        const contenders = [
          { server: "server.ts", base: appBase, pgid: appPgid, path: "/api/v1/usage", next: hotNext },
          { server: "floor (node:http)", base: floorBase, pgid: floor.pgid, path: "/spend", next: floorHot },
          {
            server: "floor in Next.js",
            base: inNextBase,
            pgid: floorInNext.pgid,
            path: "/spend",
            next: floorHot,
          },
        ];
        for (const clients of ALTERNATING_CLIENTS)
          alternating.set(clients, new Map(contenders.map((contender) => [contender.server, []])));
        for (let round = 0; round < ROUNDS; round += 1) {
          const turn = round % contenders.length;
          const order = [...contenders.slice(turn), ...contenders.slice(0, turn)];
          for (const clients of ALTERNATING_CLIENTS) {
            for (const { base: at, ...contender } of order) {
              const measured = await measureHttp(at, {
                ...contender,
                name: `${clients} client(s), one hot workspace (alternating)`,
                clients,
                expectStatus: 201,
              });
              alternating.get(clients)?.get(contender.server)?.push(measured);
            }
          }
        }
      }
    } finally {
      floor.stop();
      floorInNext?.stop();
    }

    console.log(
      `\nbench:api — ${SECONDS} s per case, autocannon 9.0.0, ${new Date().toISOString()}, node ${process.version}, ${(await raw`select version()`)[0]?.version}`,
    );
    const ratio = (row: Measured) => {
      const against = baseline.get(row.clients <= 8 ? 8 : 32);
      return row.name.startsWith("baseline") || !against
        ? ""
        : (row.perSecond / against.perSecond).toFixed(2);
    };
    console.table(
      rows.map((row) => ({
        case: row.name,
        server: row.server,
        clients: row.clients,
        "req/s": Math.round(row.perSecond),
        "p50 ms": percentile(row.latencies, 50).toFixed(2),
        "p99 ms": percentile(row.latencies, 99).toFixed(2),
        "× baseline": ratio(row),
        "server CPU ms/req": row.serverCpuMs?.toFixed(3) ?? "",
        "client CPU ms/req": row.clientCpuMs?.toFixed(3) ?? "",
        "db CPU ms/req": row.dbCpuMs?.toFixed(3) ?? "",
        "machine busy": row.machineBusy === null ? "" : `${Math.round(row.machineBusy * 100)}%`,
      })),
    );

    // The targets of issue 20 (points 1, 2), on the app's server.
    const find = (name: string, clients: number) =>
      rows.find(
        (row) =>
          row.name === name && row.clients === clients && (row.server === "server.ts" || row.server === ""),
      );
    const one = find("POST /api/v1/usage, one hot workspace", 1);
    const eight = find("POST /api/v1/usage, one hot workspace", 8);
    const thirtyTwo = find("POST /api/v1/usage, one hot workspace", 32);
    const spread32 = find("POST /api/v1/usage, 1,000 workspaces", 32);
    const spend1 = inProcess.get(1);
    const base8 = baseline.get(8);
    const base32 = baseline.get(32);
    if (!one || !eight || !thirtyTwo || !spread32 || !spend1 || !base8 || !base32)
      throw new Error("missing rows");
    const floorRow = (name: string, clients: number) =>
      rows.find((row) => row.name === name && row.clients === clients);
    const floor1 = floorRow(FLOOR_HOT, 1);
    const floor8 = floorRow(FLOOR_HOT, 8);
    const floor32 = floorRow(FLOOR_HOT, 32);
    const floorSpread32 = floorRow(FLOOR_SPREAD, 32);
    const floorBase1 = floorRow(FLOOR_BASELINE, 1);
    const floorBase8 = floorRow(FLOOR_BASELINE, 8);
    const floorBase32 = floorRow(FLOOR_BASELINE, 32);
    const inNext32 = floorRow(FLOOR_IN_NEXT_HOT, 32);
    const inNextSpread32 = floorRow(FLOOR_IN_NEXT_SPREAD, 32);
    if (
      !floor1 ||
      !floor8 ||
      !floor32 ||
      !floorSpread32 ||
      !floorBase1 ||
      !floorBase8 ||
      !floorBase32 ||
      !inNext32 ||
      !inNextSpread32
    )
      throw new Error("missing floor rows");
    const p50 = (row: Measured) => percentile(row.latencies, 50);
    const p99 = (row: Measured) => percentile(row.latencies, 99);
    const met = (ok: boolean) => (ok ? "met" : "not met");
    console.table([
      {
        target: "POST /api/v1/usage, 1 client, p50 ≤ 2 ms and ≤ 2× in-process",
        measured: `${p50(one).toFixed(2)} ms = ${(p50(one) / p50(spend1)).toFixed(2)}× in-process (${p50(spend1).toFixed(2)} ms)`,
        result: met(p50(one) <= 2 && p50(one) <= 2 * p50(spend1)),
        "floor: spend() behind bare node:http": `${p50(floor1).toFixed(2)} ms`,
        "floor: baseline behind bare node:http": `${p50(floorBase1).toFixed(2)} ms`,
        "floor in a Next.js process": "",
      },
      {
        target: "POST /api/v1/usage, hot workspace, 8 clients ≥ 0.5× baseline",
        measured: `${Math.round(eight.perSecond)}/s = ${(eight.perSecond / base8.perSecond).toFixed(2)}×`,
        result: met(eight.perSecond >= 0.5 * base8.perSecond),
        "floor: spend() behind bare node:http": `${(floor8.perSecond / base8.perSecond).toFixed(2)}×`,
        "floor: baseline behind bare node:http": `${(floorBase8.perSecond / base8.perSecond).toFixed(2)}×`,
        "floor in a Next.js process": "",
      },
      {
        target: "POST /api/v1/usage, hot workspace, 32 clients, p99 < 25 ms",
        measured: `${p99(thirtyTwo).toFixed(1)} ms`,
        result: met(p99(thirtyTwo) < 25),
        "floor: spend() behind bare node:http": `${p99(floor32).toFixed(1)} ms`,
        "floor: baseline behind bare node:http": `${p99(floorBase32).toFixed(1)} ms (in-process ${p99(base32).toFixed(1)} ms)`,
        "floor in a Next.js process": `${p99(inNext32).toFixed(1)} ms`,
      },
      {
        target: "POST /api/v1/usage, 1,000 workspaces, 32 clients ≥ 1.0× baseline",
        measured: `${Math.round(spread32.perSecond)}/s = ${(spread32.perSecond / base32.perSecond).toFixed(2)}×`,
        result: met(spread32.perSecond >= base32.perSecond),
        "floor: spend() behind bare node:http": `${(floorSpread32.perSecond / base32.perSecond).toFixed(2)}×`,
        "floor: baseline behind bare node:http": `${(floorBase32.perSecond / base32.perSecond).toFixed(2)}×`,
        "floor in a Next.js process": `${(inNextSpread32.perSecond / base32.perSecond).toFixed(2)}×`,
      },
    ]);

    /**
     * One table of the alternating rounds at `clients`: each server's `stat` (p50 or p99) round by round,
     * its median, how many rounds met `target`, and its requests a second and server CPU a request.
     */
    const roundsTable = (
      clients: number,
      stat: {
        name: string;
        of: (row: Measured) => number;
        digits: number;
        target: string;
        meets: (ms: number) => boolean;
      },
    ) => {
      const servers = alternating.get(clients);
      if (!servers || servers.size === 0) return;
      console.log(
        `\n${clients === 1 ? "1 client" : `${clients} clients`}, one hot workspace: the app and both floors in ${ROUNDS} alternating rounds (target: ${stat.name} ${stat.target})`,
      );
      console.table(
        [...servers].map(([server, rounds]) => {
          const values = rounds.map(stat.of);
          return {
            server,
            [`${stat.name} ms, rounds`]: values.map((ms) => ms.toFixed(stat.digits)).join(" / "),
            [`median ${stat.name} ms`]: median(values).toFixed(stat.digits),
            "req/s, rounds": rounds.map((row) => Math.round(row.perSecond)).join(" / "),
            "server CPU ms/req, rounds": rounds.map((row) => (row.serverCpuMs ?? 0).toFixed(3)).join(" / "),
            "server CPU ms/req, median": median(rounds.map((row) => row.serverCpuMs ?? 0)).toFixed(3),
            [`${stat.name} ${stat.target}`]: `${values.filter(stat.meets).length} of ${values.length}`,
          };
        }),
      );
    };
    roundsTable(32, { name: "p99", of: p99, digits: 1, target: "< 25 ms", meets: (ms) => ms < 25 });
    const hot32 = alternating.get(32);
    if (hot32 && hot32.size > 0) {
      const app = hot32.get("server.ts") ?? [];
      const bare = hot32.get("floor (node:http)") ?? [];
      const ratios = app.map((row, i) => {
        const floorRound = bare[i];
        return floorRound ? p99(row) / p99(floorRound) : Number.NaN;
      });
      console.log(
        `server.ts p99 ÷ the bare floor's, round by round: ${ratios.map((r) => r.toFixed(2)).join(" / ")} (median ${median(ratios).toFixed(2)})`,
      );
    }
    roundsTable(1, { name: "p50", of: p50, digits: 2, target: "≤ 2 ms", meets: (ms) => ms <= 2 });

    // Where the floor is: the CPU each request costs every process on the machine (load generator,
    // app, PostgreSQL), and the most requests a second the machine's cores could serve at that cost.
    // A case whose machine was fully busy and that ran near its ceiling is bound by CPU, not by waiting.
    const cores = availableParallelism();
    for (const line of idleCpu) console.log(line);
    // How group commit batched the spends of each case (the server's own histogram): 1.00 is every
    // spend alone; more is spends sharing a statement (one workspace's batch, or several workspaces').
    if (groupSizes.length > 0) {
      console.log("\nGroup commit: ledger statements and spends a statement, per case (/api/metrics)");
      console.table(groupSizes);
    }
    console.log(
      `\nCPU per request, all processes (${cores} cores: a ceiling of ${cores * 1000} CPU ms a second)`,
    );
    console.table(
      [
        base8,
        base32,
        spend1,
        inProcess.get(8),
        one,
        eight,
        thirtyTwo,
        find("POST /api/v1/usage, 1,000 workspaces", 1),
        spread32,
        floor1,
        floor8,
        floor32,
        floorSpread32,
        floorBase1,
        floorBase8,
        floorBase32,
        inNext32,
        inNextSpread32,
      ]
        .filter((row): row is Measured => row !== undefined)
        .map((row) => {
          const total = (row.clientCpuMs ?? 0) + (row.serverCpuMs ?? 0) + (row.dbCpuMs ?? 0);
          const ceiling = (cores * 1000) / total;
          return {
            case: row.name,
            clients: row.clients,
            "req/s": Math.round(row.perSecond),
            "CPU ms/req": total.toFixed(3),
            "of which PostgreSQL": `${Math.round((100 * (row.dbCpuMs ?? 0)) / total)}%`,
            "ceiling req/s": Math.round(ceiling),
            "req/s ÷ ceiling": (row.perSecond / ceiling).toFixed(2),
            "machine busy": row.machineBusy === null ? "" : `${Math.round(row.machineBusy * 100)}%`,
          };
        }),
    );
  } finally {
    await raw.end();
  }
}

runBench(
  { name: "bench:api", dataDir: DATA_DIR, keep: values.keep, poolSize: 40, build: true, verify: true },
  main,
);
