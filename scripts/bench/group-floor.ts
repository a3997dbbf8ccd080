// npm run bench:group-floor: would joining spends of different workspaces in one statement and one commit
// pay? PostgreSQL's CPU (its postmaster and every process it forked, from /proc: the backends, the WAL
// writer, the checkpointer; so every commit's cost is in it) for 1,000 spends on 1,000 workspaces, one
// spend a workspace, sent in these shapes, rounds alternating so that drift in the machine's load hits
// every shape alike:
//
// - alone: 1,000 statements `select cp_debit(...)`, each its own transaction (what a spread-out load
//   sends today: group commit only joins spends of one workspace);
// - alone as a batch of one: 1,000 `select cp_debit_batch(ws, [record])` (what a group statement would
//   call for each workspace);
// - groups of 4 and of 32 workspaces: one statement and one commit a group, through a trial function
//   (created in this scratch database only) that locks the groups' account rows in id order and then
//   calls cp_debit_batch for each workspace, inside a subtransaction (BEGIN ... EXCEPTION) so that one
//   workspace's unexpected error cannot undo another's spends; and the same without the subtransaction,
//   to size what the isolation costs.
//
// Every shape runs on CONNECTIONS connections at once (the server's pool at bench:api's default). Each
// spend carries an API key, so it writes what an HTTP spend writes (the key's usage row too).
//
// Options: --rounds N (default 3), --db-port N (default: any free port), --workspaces N (default 1000).
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createUser } from "../../db/queries/users";
import { requestHash } from "../../lib/ledger/request-hash";
import { fundedWorkspace, median, postgresCpuMs, runBench } from "./support";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    "db-port": { type: "string" },
    workspaces: { type: "string", default: "1000" },
  },
});
const ROUNDS = Number(values.rounds);
const WORKSPACES = Number(values.workspaces);
const DATA_DIR = ".data/bench-group-floor";
const CONNECTIONS = 4;

const databaseCpuMs = () => postgresCpuMs(DATA_DIR);

function loadAverage(): string {
  return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

// A trial of the group statement, in this scratch database only: the shape a cross-workspace group
// commit would send (account rows locked in id order, then each workspace under cp_debit_batch's rules).
const TRIAL_FUNCTION = `
CREATE OR REPLACE FUNCTION bench_group_trial(p_ws uuid[], p_records jsonb[], p_now timestamptz, p_isolate boolean,
  p_single boolean DEFAULT false)
RETURNS jsonb[] LANGUAGE plpgsql AS $$
DECLARE
  v_out jsonb[] := '{}';
  i int;
  r jsonb;
BEGIN
  PERFORM 1 FROM credit_accounts WHERE workspace_id = ANY (p_ws) ORDER BY workspace_id FOR UPDATE;
  FOR i IN 1 .. cardinality(p_ws) LOOP
    IF p_single THEN
      r := p_records[i]->0;
      v_out := v_out || cp_debit('spend', p_ws[i], (r->>'member')::uuid, (r->>'amount')::bigint,
        (r->>'isPro')::boolean, r->>'feature', r->>'model', r->'settings', (r->>'results')::int, null,
        r->>'key', r->>'hash', p_now, (r->>'apiKey')::uuid);
    ELSIF p_isolate THEN
      BEGIN
        v_out := v_out || cp_debit_batch(p_ws[i], p_records[i], p_now);
      EXCEPTION WHEN OTHERS THEN
        v_out := v_out || jsonb_build_object('error', SQLSTATE);
      END;
    ELSE
      v_out := v_out || cp_debit_batch(p_ws[i], p_records[i], p_now);
    END IF;
  END LOOP;
  RETURN v_out;
END $$;`;

type Target = { id: string; member: string; apiKey: string };
type Shape = {
  name: string;
  perStatement: number;
  run: (sql: postgres.Sql, group: Target[]) => Promise<void>;
};

function spendRecord(t: Target) {
  const settings = {};
  const request = {
    membershipId: t.member,
    feature: "image",
    model: "imagine-standard",
    settings,
    results: 1,
  };
  return {
    kind: "spend",
    member: t.member,
    amount: 24,
    isPro: false,
    feature: "image",
    model: "imagine-standard",
    settings,
    results: 1,
    key: randomUUID(),
    hash: requestHash("spend", request),
    expiresAt: null,
    apiKey: t.apiKey,
  };
}

function check(answer: unknown): void {
  const text = JSON.stringify(answer);
  // A spend's answer, or (cp_debit_batch's set-based path) the columns of the records it spent.
  const spent = ['"ok": true', '"ok":true', '"entryIds"'].some((mark) => text.includes(mark));
  if (!spent) throw new Error(`refused: ${text}`);
  if (text.includes('"error"')) throw new Error(`failed: ${text}`);
}

const groupShape = (size: number, isolate: boolean, single = false): Shape => ({
  name: `groups of ${size} workspaces, one statement a group${single ? ", cp_debit a workspace" : isolate ? ", cp_debit_batch in a subtransaction a workspace" : ", cp_debit_batch a workspace"}`,
  perStatement: size,
  run: async (sql, group) => {
    const sorted = [...group].sort((a, b) => (a.id < b.id ? -1 : 1));
    const rows = await sql.unsafe<{ r: unknown }[]>(
      "select bench_group_trial($1::uuid[], $2::text[]::jsonb[], now(), $3, $4) as r",
      [
        sorted.map((t) => t.id),
        sorted.map((t) => JSON.stringify([spendRecord(t)])),
        isolate,
        single,
      ] as never[],
      { prepare: true },
    );
    for (const answer of (rows[0]?.r ?? []) as unknown[]) check(answer);
  },
});

const SHAPES: Shape[] = [
  {
    name: "alone: cp_debit, one transaction a spend",
    perStatement: 1,
    run: async (sql, [t]) => {
      if (!t) return;
      const r = spendRecord(t);
      const rows = await sql.unsafe<{ r: unknown }[]>(
        `select cp_debit('spend', $1::uuid, $2::uuid, $3::bigint, false, $4::text, $5::text, $6::text::jsonb, 1,
           null, $7::text, $8::text, now(), $9::uuid) as r`,
        [t.id, t.member, r.amount, r.feature, r.model, "{}", r.key, r.hash, t.apiKey] as never[],
        { prepare: true },
      );
      check(rows[0]?.r);
    },
  },
  {
    name: "alone: cp_debit_batch of one record",
    perStatement: 1,
    run: async (sql, [t]) => {
      if (!t) return;
      const rows = await sql.unsafe<{ r: unknown }[]>(
        "select cp_debit_batch($1::uuid, $2::text::jsonb, now()) as r",
        [t.id, JSON.stringify([spendRecord(t)])] as never[],
        { prepare: true },
      );
      check(rows[0]?.r);
    },
  },
  groupShape(4, false),
  groupShape(32, true),
  groupShape(32, false),
  groupShape(4, false, true),
  groupShape(32, false, true),
];

runBench(
  {
    name: "bench:group-floor",
    dataDir: DATA_DIR,
    keep: false,
    poolSize: 4,
    verify: true,
    ...(values["db-port"] ? { dbPort: Number(values["db-port"]) } : {}),
  },
  async ({ db, url }) => {
    const sql = postgres(url, { max: CONNECTIONS, onnotice: () => {} });
    try {
      await sql.unsafe(TRIAL_FUNCTION);
      const owner = await createUser(db, { email: `bench-${randomUUID()}@bench.test`, name: "Bench" });
      const targets: Target[] = [];
      for (let i = 0; i < WORKSPACES; i += 1) {
        const w = await fundedWorkspace(db, {
          ownerUserId: owner.id,
          label: `Group ${i}`,
          credits: 1_000_000_000,
        });
        const [key] = await sql<{ id: string }[]>`select id from api_keys where workspace_id = ${w.id}`;
        if (!key) throw new Error("no key");
        targets.push({ id: w.id, member: w.membershipId, apiKey: key.id });
      }
      console.log(`${WORKSPACES} workspaces seeded; load average ${loadAverage()}`);

      // One warm-up pass of every shape (plans, caches, each workspace's first usage rows).
      const results = new Map<string, { cpu: number[]; wall: number[] }>();
      for (let round = 0; round <= ROUNDS; round += 1) {
        for (const shape of SHAPES) {
          const groups: Target[][] = [];
          const shuffled = [...targets].sort(() => Math.random() - 0.5);
          for (let i = 0; i < shuffled.length; i += shape.perStatement)
            groups.push(shuffled.slice(i, i + shape.perStatement));
          let next = 0;
          const cpu0 = databaseCpuMs();
          const t0 = performance.now();
          await Promise.all(
            Array.from({ length: CONNECTIONS }, async () => {
              for (let g = groups[next++]; g; g = groups[next++]) await shape.run(sql, g);
            }),
          );
          const wall = performance.now() - t0;
          const cpu = databaseCpuMs() - cpu0;
          if (round === 0) continue;
          const entry = results.get(shape.name) ?? { cpu: [], wall: [] };
          entry.cpu.push(cpu / WORKSPACES);
          entry.wall.push(wall / WORKSPACES);
          results.set(shape.name, entry);
          console.log(
            `round ${round}: ${shape.name}: ${(cpu / WORKSPACES).toFixed(3)} PostgreSQL CPU ms a spend, ` +
              `${(wall / WORKSPACES).toFixed(3)} wall ms a spend; load ${loadAverage()}`,
          );
        }
      }
      // Ratios are taken round by round (each shape against `alone` of the same round), then the median:
      // the machine's load drifts between rounds far more than within one.
      const alone = results.get(SHAPES[0]?.name ?? "")?.cpu ?? [];
      console.log(
        `\n| shape (${WORKSPACES} spends on ${WORKSPACES} workspaces, ${CONNECTIONS} connections) | PostgreSQL CPU ms a spend, median (rounds) | × alone, median of the rounds' ratios | wall ms a spend |`,
      );
      console.log("| --- | ---: | ---: | ---: |");
      for (const shape of SHAPES) {
        const r = results.get(shape.name);
        if (!r) continue;
        const m = median(r.cpu);
        console.log(
          `| ${shape.name} | ${m.toFixed(3)} (${r.cpu.map((x) => x.toFixed(2)).join(" / ")}) | ${median(r.cpu.map((x, i) => x / (alone[i] ?? x))).toFixed(2)} | ${median(r.wall).toFixed(3)} |`,
        );
      }
      console.log(`load average at the end: ${loadAverage()}`);
    } finally {
      await sql.end();
    }
  },
);
