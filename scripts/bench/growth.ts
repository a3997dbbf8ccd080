// npm run bench:growth: does a 1,000-record batch cost PostgreSQL the same on large tables as on empty
// ones (issue 20 point 4), and what have the ids of the rows it adds to do with it. Two embedded
// PostgreSQL servers, migrated alike, each with one funded workspace; cp_debit_records is called on each in
// turn (A, B, A, B, ...) so that both tables grow alike on the same machine at the same moments:
//   - "time-ordered ids": this tree as it is (usage event ids from cp_new_ids: UUIDv7);
//   - "random ids": cp_new_ids redefined to make random (v4) ids, as every usage event id was before.
// Printed: for each window of --window seconds, the records each side holds and its backend CPU a call
// (median, from /proc), with the ratio between the sides; then each side's last window against its first
// (the target: within 10%) and its WAL a record.
//
// Options: --seconds N (default 180), --window N (default 15), --keep (keep .data/bench-growth-*).
import { randomUUID } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createDatabase } from "../../db";
import { findFreePort, startEmbeddedDatabase } from "../../db/embedded";
import { runMigrations } from "../../db/migrate";
import { rateCard } from "../../db/schema";
import { createUser } from "../../db/queries/users";
import { DEFAULT_RATES } from "../../lib/billing/default-rates";
import { fundedWorkspace, oneCreditRecords, percentile, runBench, type Bench } from "./support";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "180" },
    window: { type: "string", default: "15" },
    keep: { type: "boolean", default: false },
  },
});
const SECONDS = Number(values.seconds);
const WINDOW = Number(values.window);
const BATCH = 1_000;
const RANDOM_IDS = `CREATE OR REPLACE FUNCTION cp_new_ids(p_count integer) RETURNS uuid[]
  LANGUAGE sql VOLATILE AS $$
    SELECT coalesce(array_agg(gen_random_uuid() ORDER BY i), '{}') FROM generate_series(1, p_count) i
  $$`;

type Side = {
  name: string;
  raw: postgres.Sql;
  workspace: { id: string; membershipId: string; keyId: string };
  onCpuMs: () => number;
  calls: number;
  window: number[];
  windows: { records: number; ms: number }[];
  walStart: number;
};

async function side(name: string, db: Bench["db"], url: string, prepare?: string): Promise<Side> {
  const raw = postgres(url, { max: 1, onnotice: () => {} });
  if (prepare) await raw.unsafe(prepare);
  const owner = await createUser(db, { email: `growth-${randomUUID()}@bench.test`, name: "Growth" });
  const workspace = await fundedWorkspace(db, {
    ownerUserId: owner.id,
    label: name,
    credits: 1_000_000_000_000,
  });
  const [backend] = await raw<{ pid: number }[]>`select pg_backend_pid() as pid`;
  if (!backend) throw new Error("no backend answered");
  return {
    name,
    raw,
    workspace,
    onCpuMs: () => Number(readFileSync(`/proc/${backend.pid}/schedstat`, "utf8").split(" ")[0]) / 1e6,
    calls: 0,
    window: [],
    windows: [],
    walStart: await walBytes(raw),
  };
}

async function walBytes(raw: postgres.Sql): Promise<number> {
  const [row] = await raw<{ bytes: string }[]>`select wal_bytes::text as bytes from pg_stat_wal`;
  return Number(row?.bytes ?? 0);
}

/** One call of BATCH one-credit spends, as lib/ledger/debit-records.ts sends them; its backend CPU. */
async function call(s: Side): Promise<void> {
  const records = oneCreditRecords(BATCH, s.workspace.membershipId, s.workspace.keyId);
  const before = s.onCpuMs();
  const [row] = await s.raw.unsafe(`select cp_debit_records($1::uuid, $2::text::jsonb, now()) as result`, [
    s.workspace.id,
    JSON.stringify(records),
  ]);
  s.window.push(s.onCpuMs() - before);
  const answer = row?.result as { entryIds?: unknown[] } | undefined;
  if (answer?.entryIds?.length !== BATCH) throw new Error(`${s.name}: a batch was not spent whole`);
  s.calls += 1;
}

function closeWindow(s: Side): void {
  s.window.sort((a, b) => a - b);
  s.windows.push({ records: s.calls * BATCH, ms: percentile(s.window, 50) });
  s.window = [];
}

runBench(
  { name: "growth", dataDir: ".data/bench-growth-a", keep: values.keep, poolSize: 2 },
  async ({ db, url }) => {
    const dataDir = ".data/bench-growth-b";
    const other = await startEmbeddedDatabase({
      dataDir,
      port: await findFreePort(),
      database: "bench",
      reset: true,
      log: () => {},
    });
    const otherDb = createDatabase(other.url, { max: 2 });
    try {
      await runMigrations(other.url);
      await otherDb.insert(rateCard).values(DEFAULT_RATES).onConflictDoNothing();
      const sides = [
        await side("time-ordered ids", db, url),
        await side("random ids", otherDb, other.url, RANDOM_IDS),
      ];
      // Warm-up: plans cached, a few calls each.
      for (let i = 0; i < 5; i += 1) for (const s of sides) await call(s);
      for (const s of sides) {
        s.calls = 0;
        s.window = [];
      }
      const started = Date.now();
      let windowStart = started;
      while (Date.now() - started < SECONDS * 1000) {
        for (const s of sides) await call(s);
        if (Date.now() - windowStart >= WINDOW * 1000) {
          for (const s of sides) closeWindow(s);
          windowStart = Date.now();
        }
      }
      const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
      console.log(
        `\nbench:growth — cp_debit_records, ${BATCH} records a call, the two sides called in turn for ${SECONDS} s, ${new Date().toISOString()}, load average ${load}`,
      );
      const [ordered, random] = sides as [Side, Side];
      console.table(
        ordered.windows.map((w, i) => {
          const r = random.windows[i];
          return {
            window: `${i * WINDOW}–${(i + 1) * WINDOW} s`,
            "records (time-ordered)": w.records,
            "backend CPU ms a call (time-ordered)": w.ms.toFixed(1),
            "records (random)": r?.records ?? "",
            "backend CPU ms a call (random)": r ? r.ms.toFixed(1) : "",
            "time-ordered ÷ random": r ? (w.ms / r.ms).toFixed(2) : "",
          };
        }),
      );
      console.table(
        await Promise.all(
          sides.map(async (s) => {
            const first = s.windows[0];
            const last = s.windows.at(-1);
            const ratio = first && last ? last.ms / first.ms : Number.NaN;
            return {
              side: s.name,
              records: s.calls * BATCH,
              "first window ms a call": first?.ms.toFixed(1) ?? "",
              "last window ms a call": last?.ms.toFixed(1) ?? "",
              "last ÷ first": ratio.toFixed(2),
              "within 10%": ratio <= 1.1 ? "met" : "not met",
              "WAL KB a record": ((await walBytes(s.raw)) - s.walStart) / (s.calls * BATCH) / 1000,
            };
          }),
        ),
      );
      for (const s of sides) await s.raw.end();
    } finally {
      await otherDb.$client.end();
      await other.stop();
      if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
    }
  },
);
