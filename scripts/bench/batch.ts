// npm run bench:batch: POST /api/v1/usage/batch (1,000 records a call) A/B in one run: the batch
// function and ledger_entries' indexes of a baseline git ref (default ff88839, main before issue 20's
// last batch work) against this tree's, swapped in place on one database under one running app
// (CREATE OR REPLACE and the one index migration 0044 changed: the same Node code, the same data),
// alternating baseline / this tree twice and keeping the better of each. Cases: the SQL function
// alone (one connection, its backend's CPU per call from /proc), the route over HTTP at 1 and 4
// clients on one workspace and at 4 clients on four workspaces, and the Node side's pricing and
// request hashes in-process (the baseline's lib/ledger/request-hash.ts, loaded from git, against this
// tree's priceRecords), since the HTTP cases run this tree's Node code for both. Target of issue 20
// point 3: ≥ 20,000 records/s.
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
import { priceRecords, type DebitRequest } from "../../lib/ledger/debit-records";
import {
  apiPoster,
  fundedWorkspace,
  measureLoops,
  NO_RATE_LIMIT,
  percentile,
  runBench,
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

/** Runs `clients` loops for SECONDS after a 1 s warm-up; op does BATCH records and may say its backend CPU. */
async function measure(clients: number, op: () => Promise<number | null>): Promise<Measured> {
  const cpu: number[] = [];
  const { perSecond, latencies } = await measureLoops(SECONDS, clients, async () => {
    const cpuMs = await op();
    if (cpuMs !== null) cpu.push(cpuMs);
    return BATCH;
  });
  cpu.sort((a, b) => a - b);
  return { perSecond, p50: percentile(latencies, 50), cpuMs: cpu.length > 0 ? percentile(cpu, 50) : null };
}

async function main({ db, url, serve }: Bench) {
  const baselineSql = execFileSync("git", ["show", `${values.baseline}:${FUNCTION_FILE}`], {
    encoding: "utf8",
  });
  const currentSql = readFileSync(FUNCTION_FILE, "utf8");
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

    // The SQL function alone, with records as lib/ledger/debit-records.ts sends them.
    const sqlOnly = async () => {
      const records = Array.from({ length: BATCH }, () => ({
        kind: "spend",
        member: ws.membershipId,
        amount: 1,
        isPro: false,
        feature: "image",
        model: "imagine-standard",
        settings: {},
        results: 1,
        key: randomUUID(),
        hash: createHash("sha256").update(randomUUID()).digest("hex"),
        expiresAt: null,
        apiKey: keyId,
      }));
      const before = onCpuMs();
      const [row] = await raw.unsafe(`select cp_debit_batch($1::uuid, $2::text::jsonb, now()) as result`, [
        ws.id,
        JSON.stringify(records),
      ]);
      const cpu = onCpuMs() - before;
      const answers = (row?.result ?? []) as { ok: boolean }[];
      if (answers.length !== BATCH || !answers.every((a) => a.ok))
        throw new Error("a batch record was refused");
      return cpu;
    };

    await serve(PORT, { DATABASE_POOL_SIZE: "10", ...NO_RATE_LIMIT });
    const post = apiPoster(`http://127.0.0.1:${PORT}`);
    const batchOf = async (target: { key: string; membershipId: string }) => {
      const body = await post(target.key, "/api/v1/usage/batch", {
        records: Array.from({ length: BATCH }, () => ({
          idempotencyKey: randomUUID(),
          member: target.membershipId,
          feature: "image",
          model: "imagine-standard",
          results: 1,
        })),
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
    let node: "baseline" | "this tree" = "baseline";
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

    const cases = [
      { name: "cp_debit_batch alone (SQL, 1 connection)", clients: 1, op: sqlOnly },
      { name: "POST /api/v1/usage/batch", clients: 1, op: http },
      { name: "POST /api/v1/usage/batch", clients: 4, op: http },
      { name: "POST /api/v1/usage/batch, 4 workspaces", clients: 4, op: httpFour },
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
        await raw.unsafe(label === "baseline" ? CODE_INDEX.baseline : CODE_INDEX.tree);
        node = label;
        for (const c of cases) better(`${c.name}|${c.clients}|${label}`, await measure(c.clients, c.op));
      }
    }
    await raw.unsafe(currentSql);
    await raw.unsafe(CODE_INDEX.tree);

    const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
    console.log(
      `\nbench:batch — ${SECONDS} s a case, better of 2 alternations (baseline first, then this tree first), baseline ${values.baseline}, ${new Date().toISOString()}, load average ${load}`,
    );
    console.table(
      cases.map((c) => {
        const a = best.get(`${c.name}|${c.clients}|baseline`);
        const b = best.get(`${c.name}|${c.clients}|this tree`);
        if (!a || !b) throw new Error(`no measurement for ${c.name}`);
        return {
          case: c.name,
          clients: c.clients,
          "baseline records/s": Math.round(a.perSecond),
          "records/s": Math.round(b.perSecond),
          "× baseline": (b.perSecond / a.perSecond).toFixed(2),
          "baseline p50 ms": a.p50.toFixed(1),
          "p50 ms": b.p50.toFixed(1),
          "baseline backend CPU ms": a.cpuMs?.toFixed(1) ?? "",
          "backend CPU ms": b.cpuMs?.toFixed(1) ?? "",
          "≥ 20,000 records/s": c.name.startsWith("POST") ? (b.perSecond >= TARGET ? "met" : "not met") : "",
        };
      }),
    );
  } finally {
    await raw.end();
  }
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
