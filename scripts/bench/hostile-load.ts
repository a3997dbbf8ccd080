// The load children of npm run bench:hostile, each in its own process so that its CPU (building
// 16 MB bodies, hashing passwords) is not the measuring process's: `--role attacker` sends the
// attacker's worst requests from 16 connections, `--role sign-ins` signs 16 people in over and
// over. Each prints "ready", works until a line arrives on standard input, prints its counts as
// JSON and exits. The plan (who, with what) comes as JSON in HOSTILE_PLAN.
import { parseArgs } from "node:util";
import { attacks, signIn, type Team } from "./hostile-requests";

const { values } = parseArgs({ options: { role: { type: "string" }, port: { type: "string" } } });
const BASE = `http://127.0.0.1:${Number(values.port)}`;

/** Calls `stop` when the parent writes a line to standard input (signals did not reach the script under tsx). */
function whenTold(stop: () => void) {
  process.stdin.once("data", () => {
    stop();
    process.stdin.pause();
  });
}

/** Runs `work` from `connections` loops until told to stop; prints the statuses it got as JSON. */
async function runAttacker(plan: { attacker: Team; cookie: string; only?: number[] }) {
  const work = attacks(BASE, plan.attacker, plan.cookie, plan.only);
  let running = true;
  whenTold(() => (running = false));
  const statuses: Record<number, number> = {};
  let next = 0;
  console.log("ready");
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (running) {
        const request = work[next++ % work.length];
        if (!request) break;
        try {
          const response = await request();
          await response.arrayBuffer();
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        } catch {
          // A connection the server closed on an oversized body (413 before reading it).
          statuses[0] = (statuses[0] ?? 0) + 1;
        }
      }
    }),
  );
  console.log(JSON.stringify(statuses));
}

/** 16 people signing in over and over until told to stop; prints how many sign-ins were made. */
async function runSignIns(plan: { emails: string[] }) {
  let running = true;
  whenTold(() => (running = false));
  let count = 0;
  console.log("ready");
  await Promise.all(
    plan.emails.map(async (email) => {
      while (running) {
        await signIn(BASE, email);
        count += 1;
      }
    }),
  );
  console.log(JSON.stringify({ signIns: count }));
}

const plan = JSON.parse(process.env.HOSTILE_PLAN ?? "null") as never;
// A child exits once it has printed its count (its standard input would keep it alive).
const run = values.role === "attacker" ? runAttacker(plan) : runSignIns(plan);
run.then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
