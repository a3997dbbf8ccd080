// npm run bench:forms: what the batch statement's two forms cost (db/functions/debit-batch.sql,
// cp_batch_records): this tree's cp_debit_records fed the array of records (what the previous release
// sends) and the lean form (leanRecords, what this tree sends), alternating on one connection, with
// one-credit records of one member's one generation as the route prices them. Per call: the backend's
// CPU (from /proc; median of each round's calls, then of the rounds) and Node's cost of making the
// statement's text and its bytes (what the driver then does with it).
//
// Options: --rounds N (default 8; each side alternates first).
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createUser } from "../../db/queries/users";
import { leanRecords, type DebitRecord } from "../../lib/ledger/debit-records";
import { fundedWorkspace, median, oneCreditRecords, runBench } from "./support";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "8" } } });
const ROUNDS = Number(values.rounds);
const FORMS = {
  "array of records": (records: DebitRecord<"spend">[]) => JSON.stringify(records),
  "lean form": (records: DebitRecord<"spend">[]) => leanRecords(records),
};
type Form = keyof typeof FORMS;

runBench(
  { name: "bench:forms", dataDir: ".data/bench-forms", keep: false, poolSize: 2 },
  async ({ db, url }) => {
    const raw = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const owner = await createUser(db, { email: `bench-${randomUUID()}@bench.test`, name: "Bench" });
      const ws = await fundedWorkspace(db, {
        ownerUserId: owner.id,
        label: "Forms",
        credits: 1_000_000_000_000,
      });
      const [backend] = await raw<{ pid: number }[]>`select pg_backend_pid() as pid`;
      if (!backend) throw new Error("no backend answered");
      const cpuMs = () => Number(readFileSync(`/proc/${backend.pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
      const backendMs = new Map<string, number[]>();
      const nodeMs = new Map<string, number[]>();
      const forms = Object.keys(FORMS) as Form[];
      for (let round = 0; round < ROUNDS; round += 1)
        for (const form of round % 2 === 0 ? forms : [...forms].reverse())
          for (const size of [8, 1_000]) {
            const backendCalls: number[] = [];
            const nodeCalls: number[] = [];
            for (let i = 0; i < (size === 8 ? 200 : 15); i += 1) {
              const records = oneCreditRecords(size, ws.membershipId, ws.keyId) as DebitRecord<"spend">[];
              const made = performance.now();
              const text = FORMS[form](records);
              Buffer.from(text);
              nodeCalls.push(performance.now() - made);
              const before = cpuMs();
              const [row] = await raw.unsafe(
                `select cp_debit_records($1::uuid, $2::text::jsonb, now()) as result`,
                [ws.id, text],
              );
              backendCalls.push(cpuMs() - before);
              const answer = row?.result as { entryIds?: unknown[] } | undefined;
              if (answer?.entryIds?.length !== size) throw new Error("a batch record was not spent");
            }
            const key = `${size}|${form}`;
            backendMs.set(key, [...(backendMs.get(key) ?? []), median(backendCalls)]);
            nodeMs.set(key, [...(nodeMs.get(key) ?? []), median(nodeCalls)]);
          }
      console.log(`\nbench:forms — ${ROUNDS} rounds, ${new Date().toISOString()}`);
      console.table(
        [8, 1_000].map((size) => {
          const of = (map: Map<string, number[]>, form: Form) => median(map.get(`${size}|${form}`) ?? []);
          const [array, lean] = forms;
          if (!array || !lean) throw new Error("two forms expected");
          return {
            records: size,
            "array: backend CPU ms": of(backendMs, array).toFixed(2),
            "lean: backend CPU ms": of(backendMs, lean).toFixed(2),
            "lean ÷ array": (of(backendMs, lean) / of(backendMs, array)).toFixed(2),
            "lean lower in rounds": `${(backendMs.get(`${size}|${lean}`) ?? []).filter((x, i) => x < (backendMs.get(`${size}|${array}`)?.[i] ?? 0)).length} of ${ROUNDS}`,
            "array: Node ms": of(nodeMs, array).toFixed(3),
            "lean: Node ms": of(nodeMs, lean).toFixed(3),
          };
        }),
      );
    } finally {
      await raw.end();
    }
  },
);
