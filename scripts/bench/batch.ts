// npm run bench:batch: POST /api/v1/usage/batch (1,000 records a call) A/B in one run: the batch
// function and ledger_entries' indexes of a baseline git ref (default ff88839, main before issue 20's
// last batch work) against this tree's, swapped in place on one database under one running app
// (CREATE OR REPLACE and the one index migration 0044 changed: the same Node code, the same data),
// alternating baseline / this tree twice and keeping the better of each. Cases: the SQL function
// alone (one connection, its backend's CPU per call from /proc), the route over HTTP at 1 and 4
// clients on one workspace and at 4 clients on four workspaces, and the Node side's pricing and
// request hashes in-process (the baseline's lib/ledger/request-hash.ts, loaded from git, against this
// tree's priceRecords), since the HTTP cases run this tree's Node code for both. Each side's SQL case
// sends its own form of the statement (this tree's lean form; a baseline without cp_batch_records, the
// array of records), and against such a baseline the HTTP cases, whose statement is this tree's, are
// measured for this tree only ("n/a"). Target of issue 20 point 3: ≥ 20,000 records/s.
//
// Then the floors, this tree only, in a second table with where each case's CPU went per 1,000 records
// (the load generator, the server's process group, PostgreSQL): the rows a batch must write by one plain
// statement (no checks, no JSON in or out, one answer for all: what this data model costs in
// PostgreSQL), cp_debit_batch alone, the ledger's batch call behind a bare node:http server
// (scripts/bench/floor-server.ts: no route, no zod, no member lookup, no per-record answer), and the
// route, each the better of two alternations. Two cores give at most 2,000 CPU ms a second, so a case's
// CPU per 1,000 records bounds its records/s at 2,000,000 / that.
//
// Options: --seconds N (per case, default 5), --port N (app, default 3300), --db-port N (default: any
// free port), --baseline REF (default ff88839), --keep (keep .data/bench-batch).
import { execFileSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createUser } from "../../db/queries/users";
import { getRateCardCached } from "../../db/queries/rate-card";
import { priceGeneration } from "../../lib/billing/pricing";
import {
  leanRecords,
  priceRecords,
  type DebitRecord,
  type DebitRequest,
} from "../../lib/ledger/debit-records";
import {
  apiPoster,
  fundedWorkspace,
  groupCpuMs,
  measureLoops,
  NO_RATE_LIMIT,
  oneCreditRecords,
  percentile,
  postgresCpuMs,
  runBench,
  startServer,
  type Bench,
} from "./support";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    port: { type: "string", default: "3300" },
    "db-port": { type: "string" },
    baseline: { type: "string", default: "ff88839" },
    keep: { type: "boolean", default: false },
  },
});
const SECONDS = Number(values.seconds);
const PORT = Number(values.port);
const BATCH = 1_000;
const TARGET = 20_000;
const FUNCTION_FILE = "db/functions/debit-batch.sql";
// This tree's Node and SQL cases call cp_debit_records (cp_debit_batch is kept for the previous release's
// instances); a baseline from before it has only cp_debit_batch, so in its phase the name calls that.
// (A baseline with its own cp_debit_records keeps it: aliasing it would make the two call each other.)
const BASELINE_RECORDS = `CREATE OR REPLACE FUNCTION cp_debit_records(p_ws uuid, p_records jsonb, p_now timestamptz)
  RETURNS jsonb LANGUAGE sql AS $$ SELECT cp_debit_batch(p_ws, p_records, p_now) $$`;
const DATA_DIR = ".data/bench-batch";
// The one index this tree's migrations changed for the batch (0044: spends left out); the baseline
// runs with the index as it was.
const CODE_INDEX = {
  baseline: `DROP INDEX IF EXISTS ledger_entries_workspace_code_idx;
    CREATE INDEX ledger_entries_workspace_code_idx ON ledger_entries (workspace_id, code, id DESC)`,
  tree: `DROP INDEX IF EXISTS ledger_entries_workspace_code_idx;
    CREATE INDEX ledger_entries_workspace_code_idx ON ledger_entries (workspace_id, code, id DESC)
      WHERE code <> 'spend'`,
};

type Measured = { perSecond: number; p50: number; cpuMs: number | null };

/** A batch's records as a service sends them: BATCH standard images by one member, each with a new key. */
const generations = (member: string) =>
  Array.from({ length: BATCH }, () => ({
    idempotencyKey: randomUUID(),
    member,
    feature: "image",
    model: "imagine-standard",
    results: 1,
  }));

/** Runs `clients` loops for SECONDS after a 1 s warm-up; op does `records` records and may say its backend CPU. */
async function measure(
  clients: number,
  op: () => Promise<number | null>,
  records: number = BATCH,
): Promise<Measured> {
  const cpu: number[] = [];
  const { perSecond, latencies } = await measureLoops(SECONDS, clients, async () => {
    const cpuMs = await op();
    if (cpuMs !== null) cpu.push(cpuMs);
    return records;
  });
  cpu.sort((a, b) => a - b);
  return { perSecond, p50: percentile(latencies, 50), cpuMs: cpu.length > 0 ? percentile(cpu, 50) : null };
}

async function main({ db, url, serve }: Bench) {
  const baselineSql = execFileSync("git", ["show", `${values.baseline}:${FUNCTION_FILE}`], {
    encoding: "utf8",
  });
  const currentSql = readFileSync(FUNCTION_FILE, "utf8");
  // This tree's Node sends the batch in its lean form (leanRecords); a baseline whose SQL cannot read
  // that form gets the array of records in its SQL rows, and its HTTP rows (served by this tree's build)
  // are not measured.
  const baselineReadsLean = /FUNCTION cp_batch_records\b/.test(baselineSql);
  let node: "baseline" | "this tree" = "baseline";
  // The baseline's request hash, loaded from git (it imports only node:crypto).
  mkdirSync(DATA_DIR, { recursive: true });
  const baselineHashFile = path.resolve(DATA_DIR, "baseline-request-hash.ts");
  writeFileSync(
    baselineHashFile,
    execFileSync("git", ["show", `${values.baseline}:lib/ledger/request-hash.ts`], { encoding: "utf8" }),
  );
  const baselineHash = (await import(baselineHashFile)) as {
    requestHash: (operation: string, request: unknown) => string;
  };
  const raw = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const owner = await createUser(db, { email: `bench-${randomUUID()}@bench.test`, name: "Bench" });
    const ws = await fundedWorkspace(db, {
      ownerUserId: owner.id,
      label: "Batch",
      credits: 1_000_000_000_000,
    });
    const [apiKey] = await raw<{ id: string }[]>`select id from api_keys where workspace_id = ${ws.id}`;
    const [backend] = await raw<{ pid: number }[]>`select pg_backend_pid() as pid`;
    if (!apiKey || !backend) throw new Error("the bench workspace has no API key, or no backend answered");
    const keyId = apiKey.id;
    const onCpuMs = () => Number(readFileSync(`/proc/${backend.pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;

    // The SQL function alone, with `size` records as lib/ledger/debit-records.ts sends them.
    const sqlOf = (size: number) => async () => {
      const records = oneCreditRecords(size, ws.membershipId, keyId) as DebitRecord<"spend">[];
      const body = node === "this tree" || baselineReadsLean ? leanRecords(records) : JSON.stringify(records);
      const before = onCpuMs();
      // What lib/ledger/debit-records.ts calls (the baseline's cp_debit_batch under that name: see BASELINE_RECORDS).
      const [row] = await raw.unsafe(`select cp_debit_records($1::uuid, $2::text::jsonb, now()) as result`, [
        ws.id,
        body,
      ]);
      const cpu = onCpuMs() - before;
      // An answer a record, or (this tree's set-based path) columns with an entry id a record.
      const answer = (row?.result ?? []) as { ok: boolean }[] | { entryIds: number[] };
      const spentAll = Array.isArray(answer)
        ? answer.length === size && answer.every((a) => a.ok)
        : answer.entryIds.length === size;
      if (!spentAll) throw new Error("a batch record was refused");
      return cpu;
    };
    const sqlOnly = sqlOf(BATCH);

    const appGroup = await serve(PORT, { DATABASE_POOL_SIZE: "10", ...NO_RATE_LIMIT });
    const post = apiPoster(`http://127.0.0.1:${PORT}`);
    const batchOf = async (target: { key: string; membershipId: string }) => {
      const body = await post(target.key, "/api/v1/usage/batch", {
        records: generations(target.membershipId),
      });
      if (body.failed !== 0) throw new Error(`batch had failures: ${JSON.stringify(body).slice(0, 300)}`);
      return null;
    };
    const http = () => batchOf(ws);
    // A workspace's batches wait for each other at its account row; four services of four workspaces don't.
    const four = [ws];
    for (let i = 1; i < 4; i += 1)
      four.push(
        await fundedWorkspace(db, { ownerUserId: owner.id, label: `Batch ${i}`, credits: 1_000_000_000_000 }),
      );
    let turn = 0;
    const httpFour = () => batchOf(four[turn++ % four.length] ?? ws);

    // Node: price and hash 1,000 validated records as the route hands them to the ledger.
    const rates = await getRateCardCached(db);
    const requests: DebitRequest[] = Array.from({ length: BATCH }, (_, i) => ({
      idempotencyKey: randomUUID(),
      membershipId: ws.membershipId,
      apiKeyId: keyId,
      feature: "image",
      model: "imagine-standard",
      settings: i % 2 === 0 ? {} : ({ quality: "hd" } as Record<string, string>),
      results: 1 + (i % 4),
    }));
    const pricing = async () => {
      if (node === "baseline") {
        for (const r of requests) {
          priceGeneration(rates, r);
          const { membershipId, feature, model, settings, results } = r;
          baselineHash.requestHash("spend", { membershipId, feature, model, settings, results });
        }
      } else {
        priceRecords(rates, "spend", requests);
      }
      return null;
    };

    const cases: {
      name: string;
      clients: number;
      op: () => Promise<number | null>;
      records?: number;
      /** Served by this tree's build, so its statement is in the lean form. */
      lean?: boolean;
    }[] = [
      { name: "cp_debit_records alone (SQL, 1 connection)", clients: 1, op: sqlOnly },
      // The size group commit sends for a busy workspace's single spends (lib/ledger/coalesce.ts).
      { name: "cp_debit_records alone, 8 records a call (SQL)", clients: 1, op: sqlOf(8), records: 8 },
      { name: "POST /api/v1/usage/batch", clients: 1, op: http, lean: true },
      { name: "POST /api/v1/usage/batch", clients: 4, op: http, lean: true },
      { name: "POST /api/v1/usage/batch, 4 workspaces", clients: 4, op: httpFour, lean: true },
      { name: "pricing + request hashes (Node, in-process)", clients: 1, op: pricing },
    ];
    const best = new Map<string, Measured>();
    const better = (key: string, m: Measured) => {
      const prior = best.get(key);
      if (!prior || m.perSecond > prior.perSecond) best.set(key, m);
    };
    const phases = [
      ["baseline", baselineSql],
      ["this tree", currentSql],
    ] as const;
    for (let round = 0; round < 2; round += 1) {
      // The second round runs this tree first, so neither side always follows the other.
      for (const [label, definition] of round === 0 ? phases : [...phases].reverse()) {
        await raw.unsafe(definition);
        // A baseline without cp_debit_records (this tree's Node calls it): its cp_debit_batch under that
        // name. A baseline that has it keeps its own (there cp_debit_batch calls cp_debit_records).
        if (label === "baseline" && !/FUNCTION cp_debit_records\b/.test(baselineSql))
          await raw.unsafe(BASELINE_RECORDS);
        await raw.unsafe(label === "baseline" ? CODE_INDEX.baseline : CODE_INDEX.tree);
        node = label;
        for (const c of cases)
          if (label === "this tree" || baselineReadsLean || !c.lean)
            better(`${c.name}|${c.clients}|${label}`, await measure(c.clients, c.op, c.records));
      }
    }
    await raw.unsafe(currentSql);
    await raw.unsafe(CODE_INDEX.tree);
    node = "this tree";

    // The floors (see the top of the file), this tree only.
    const floorServer = await startServer(
      path.resolve("node_modules/.bin/tsx"),
      ["--conditions=react-server", "scripts/bench/floor-server.ts"],
      { DATABASE_URL: url, PORT: String(PORT + 2), DATABASE_POOL_SIZE: "10" },
    );
    const floors: FloorCase[] = [];
    try {
      const rowsAlone = await plainRowsStatement(raw, db, owner.id);
      const floorBatch = async (target: { id: string; keyId: string; membershipId: string }) => {
        const response = await fetch(`http://127.0.0.1:${PORT + 2}/batch`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            workspaceId: target.id,
            apiKeyId: target.keyId,
            records: generations(target.membershipId),
          }),
        });
        const body = (await response.json()) as { failed?: number };
        if (response.status !== 200 || body.failed !== 0) throw new Error(`floor batch: ${response.status}`);
        return null;
      };
      let floorTurn = 0;
      floors.push(
        {
          name: "the rows alone: one plain statement (SQL, 1 connection)",
          clients: 1,
          group: null,
          op: rowsAlone,
        },
        { name: "cp_debit_records alone (SQL, 1 connection)", clients: 1, group: null, op: sqlOnly },
        ...[1, 4].map((clients) => ({
          name: "floor: the ledger's batch call behind bare node:http",
          clients,
          group: floorServer.pgid,
          op: () => floorBatch(ws),
        })),
        {
          name: "floor: the ledger's batch call behind bare node:http, 4 workspaces",
          clients: 4,
          group: floorServer.pgid,
          op: () => floorBatch(four[floorTurn++ % four.length] ?? ws),
        },
        { name: "POST /api/v1/usage/batch", clients: 1, group: appGroup, op: http },
        { name: "POST /api/v1/usage/batch", clients: 4, group: appGroup, op: http },
        { name: "POST /api/v1/usage/batch, 4 workspaces", clients: 4, group: appGroup, op: httpFour },
      );
      for (let round = 0; round < 2; round += 1)
        for (const c of round === 0 ? floors : [...floors].reverse()) {
          const m = await measureCpu(c.clients, c.group, c.op);
          if (!c.best || m.perSecond > c.best.perSecond) c.best = m;
        }
    } finally {
      floorServer.stop();
    }

    const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
    console.log(
      `\nbench:batch — ${SECONDS} s a case, better of 2 alternations (baseline first, then this tree first), baseline ${values.baseline}, ${new Date().toISOString()}, load average ${load}`,
    );
    console.table(
      cases.map((c) => {
        const a = best.get(`${c.name}|${c.clients}|baseline`);
        const b = best.get(`${c.name}|${c.clients}|this tree`);
        // No baseline: its SQL cannot read this tree's statement (see baselineReadsLean).
        if (!b || (!a && !c.lean)) throw new Error(`no measurement for ${c.name}`);
        return {
          case: c.name,
          clients: c.clients,
          "baseline records/s": a ? Math.round(a.perSecond) : "n/a",
          "records/s": Math.round(b.perSecond),
          "× baseline": a ? (b.perSecond / a.perSecond).toFixed(2) : "",
          "baseline p50 ms": a?.p50.toFixed(1) ?? "",
          "p50 ms": b.p50.toFixed(1),
          "baseline backend CPU ms": a?.cpuMs?.toFixed(1) ?? "",
          "backend CPU ms": b.cpuMs?.toFixed(1) ?? "",
          "≥ 20,000 records/s": c.name.startsWith("POST") ? (b.perSecond >= TARGET ? "met" : "not met") : "",
        };
      }),
    );
    console.log(
      "\nThe floors, this tree only (better of 2 alternations): CPU ms per 1,000 records by process, and what two cores allow at that CPU",
    );
    console.table(
      floors.map((c) => {
        const m = c.best;
        if (!m) throw new Error(`no measurement for ${c.name}`);
        const total = m.clientMs + (m.serverMs ?? 0) + m.dbMs;
        return {
          case: c.name,
          clients: c.clients,
          "records/s": Math.round(m.perSecond),
          "p50 ms": m.p50.toFixed(1),
          "load generator CPU ms": m.clientMs.toFixed(1),
          "server CPU ms": m.serverMs?.toFixed(1) ?? "",
          "PostgreSQL CPU ms": m.dbMs.toFixed(1),
          "two cores allow records/s": Math.round(2_000_000 / total),
          "≥ 20,000 records/s": c.name.startsWith("POST") ? (m.perSecond >= TARGET ? "met" : "not met") : "",
        };
      }),
    );
  } finally {
    await raw.end();
  }
}

type Cpu = Measured & { clientMs: number; serverMs: number | null; dbMs: number };
type FloorCase = {
  name: string;
  clients: number;
  /** The server's process group, whose CPU is counted; null for the SQL-only cases. */
  group: number | null;
  op: () => Promise<number | null>;
  best?: Cpu;
};

/** measure(), with the CPU per 1,000 records of this process, the server's group and PostgreSQL. */
async function measureCpu(
  clients: number,
  group: number | null,
  op: () => Promise<number | null>,
): Promise<Cpu> {
  const ownCpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1_000;
  };
  const sample = () => ({
    client: ownCpuMs(),
    server: group === null ? 0 : groupCpuMs(group),
    db: postgresCpuMs(DATA_DIR),
  });
  let open = false;
  let records = 0;
  let spent = { client: 0, server: 0, db: 0 };
  const cpu: number[] = [];
  const { perSecond, latencies } = await measureLoops(
    SECONDS,
    clients,
    async () => {
      const cpuMs = await op();
      if (cpuMs !== null) cpu.push(cpuMs);
      if (open) records += BATCH;
      return BATCH;
    },
    () => {
      const start = sample();
      open = true;
      return () => {
        open = false;
        const end = sample();
        spent = {
          client: end.client - start.client,
          server: end.server - start.server,
          db: end.db - start.db,
        };
      };
    },
  );
  const per = (ms: number) => (ms * BATCH) / Math.max(records, BATCH);
  cpu.sort((a, b) => a - b);
  return {
    perSecond,
    p50: percentile(latencies, 50),
    cpuMs: cpu.length > 0 ? percentile(cpu, 50) : null,
    clientMs: per(spent.client),
    serverMs: group === null ? null : per(spent.server),
    dbMs: per(spent.db),
  };
}

/**
 * The rows a batch of BATCH one-credit spends writes, by one plain statement on a workspace of its own:
 * the entries (with their keys and hashes; a spend stores no answer), allocations, the lot,
 * the usage events (the rollup trigger included), member and key usage and the account, all consistent
 * (ledger:verify holds after it) but with nothing checked and one small answer for the whole batch.
 */
async function plainRowsStatement(raw: postgres.Sql, db: Bench["db"], ownerUserId: string) {
  const target = await fundedWorkspace(db, { ownerUserId, label: "Batch rows", credits: 1_000_000_000_000 });
  const [lot] = await raw<{ id: string }[]>`select id from credit_lots where workspace_id = ${target.id}`;
  if (!lot) throw new Error("the rows workspace has no lot");
  return async () => {
    const keys = Array.from({ length: BATCH }, () => randomUUID());
    const hashes = keys.map((k) => createHash("sha256").update(k).digest("hex"));
    await raw`
      with ws as (
        select date_trunc('month', now() at time zone w.time_zone)::date as period
          from workspaces w where w.id = ${target.id}
      ), acct as (
        update credit_accounts set balance = balance - ${BATCH}, lifetime_spent = lifetime_spent + ${BATCH},
               updated_at = now()
         where workspace_id = ${target.id} returning balance + ${BATCH} as before
      ), r as (
        select k.n, k.key, k.hash, nextval('ledger_entries_id_seq'::regclass) as entry, k.usage
          from unnest(${keys}::text[], ${hashes}::text[], cp_new_ids(${BATCH})) with ordinality as k(key, hash, usage, n)
      ), entries as (
        insert into ledger_entries (id, workspace_id, amount, balance_after, code, membership_id, usage_period,
            split_free, split_subscription, split_top_up, split_adjustment, idempotency_key, request_hash,
            result, metadata, created_at)
          overriding system value
          select r.entry, ${target.id}, -1, acct.before - r.n, 'spend', ${target.membershipId}, ws.period,
                 0, 0, -1, 0, r.key, r.hash, null,
                 '{"feature": "image", "model": "imagine-standard"}'::jsonb, now()
            from r, acct, ws
      ), allocations as (
        insert into ledger_allocations (entry_id, lot_id, seq, workspace_id, lot_type, amount)
          select r.entry, ${lot.id}, 1, ${target.id}, 'top_up', -1 from r
      ), lots as (
        update credit_lots set amount_remaining = amount_remaining - ${BATCH}
         where id = ${lot.id} and workspace_id = ${target.id}
      ), usage as (
        insert into usage_events (id, workspace_id, membership_id, api_key_id, feature, model, settings, results,
            credits, ledger_entry_id, created_at)
          select r.usage, ${target.id}, ${target.membershipId}, ${target.keyId}, 'image', 'imagine-standard',
                 '{}'::jsonb, 1, 1, r.entry, now()
            from r
      ), members as (
        insert into member_usage (membership_id, period_start, workspace_id, used)
          select ${target.membershipId}, ws.period, ${target.id}, ${BATCH} from ws
        on conflict (membership_id, period_start, workspace_id) do update set used = member_usage.used + excluded.used
      )
      insert into api_key_usage (api_key_id, period_start, workspace_id, used)
        select ${target.keyId}, ws.period, ${target.id}, ${BATCH} from ws
      on conflict (api_key_id, period_start, workspace_id) do update set used = api_key_usage.used + excluded.used`;
    return null;
  };
}

runBench(
  {
    name: "bench:batch",
    dataDir: DATA_DIR,
    dbPort: values["db-port"] ? Number(values["db-port"]) : undefined,
    keep: values.keep,
    poolSize: 10,
    build: true,
    verify: true,
  },
  main,
);
