// npm run bench:hostile: does one team's abuse hurt another team? A victim workspace's generation
// service spends at a steady pace (POST /api/v1/usage, a fixed number of requests a second), and
// its latency is measured in three phases of the same run:
//
//   quiet      the victim alone (the baseline)
//   neighbour  while another workspace's owner, with an account and an API key of their own, sends
//              the worst requests the fuzz and the attack found, from 16 connections at once: deep
//              JSON, oversized bodies, the year-9999 analytics range, the longest allowed analytics
//              range, full CSV exports, dates PostgreSQL refuses, batches of 1,000 past the key's
//              rate limit, a 16 MB webhook body, bad keys
//   sign-ins   while 16 people sign in with their passwords at once, over and over (scrypt)
//
// It prints p50/p99 of each phase and their ratio to the quiet one (the issue's bar: the
// neighbour's p99 within 2x, the sign-ins' median within 1.5x), counts every status the attacker
// got (any 5xx fails the run), and runs ledger:verify on everything written.
//
// Options: --seconds N (per phase, default 10), --rate N (victim requests a second, default 50),
// --port N (default 3310), --keep (keep .data/bench-hostile).
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import type { Database } from "../../db";
import { createUser } from "../../db/queries/users";
import { hashPassword } from "../../lib/auth/password";
import { fundedWorkspace, percentile, runBench, type Bench } from "./support";
import { attacks, PASSWORD, signIn, spendBody, type Team } from "./hostile-requests";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    rate: { type: "string", default: "50" },
    port: { type: "string", default: "3310" },
    keep: { type: "boolean", default: false },
    only: { type: "string" },
  },
});
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const PORT = Number(values.port);
const BASE = `http://127.0.0.1:${PORT}`;
const DATA_DIR = ".data/bench-hostile";
const ONLY = values.only?.split(",").map(Number);

async function makeTeam(db: Database, label: string, keyLimit?: { perSecond: number; burst: number }) {
  const ownerEmail = `${label}-${randomUUID().slice(0, 8)}@bench.test`;
  const owner = await createUser(db, {
    email: ownerEmail,
    name: label,
    passwordHash: await hashPassword(PASSWORD),
  });
  const workspace = await fundedWorkspace(db, {
    ownerUserId: owner.id,
    label,
    credits: 1_000_000_000,
    keyLimit,
  });
  return { ...workspace, ownerEmail };
}

/** The victim's service: RATE spends a second for SECONDS, each timed; a refusal is a failure. */
async function victimPhase(victim: Team, seconds = SECONDS): Promise<number[]> {
  const latencies: number[] = [];
  const total = Math.round(RATE * seconds);
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1_000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      (async () => {
        const t0 = performance.now();
        const response = await fetch(`${BASE}/api/v1/usage`, {
          method: "POST",
          headers: { authorization: `Bearer ${victim.key}`, "content-type": "application/json" },
          body: JSON.stringify(spendBody(victim.membershipId)),
        });
        await response.arrayBuffer();
        if (response.status !== 201) throw new Error(`victim's spend answered ${response.status}`);
        latencies.push(performance.now() - t0);
      })(),
    );
  }
  await Promise.all(inFlight);
  return latencies.sort((a, b) => a - b);
}

/** Starts a load child (hostile-load.ts) as `role` with `plan`; resolves once it says it is ready, with a way to stop it. */
async function startLoad(role: "attacker" | "sign-ins", plan: unknown) {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--conditions=react-server",
      "scripts/bench/hostile-load.ts",
      "--role",
      role,
      "--port",
      String(PORT),
    ],
    { env: { ...process.env, HOSTILE_PLAN: JSON.stringify(plan) }, stdio: ["pipe", "pipe", "inherit"] },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes("ready\n")) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${role} did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return async () => {
    const exited = new Promise((r) => child.once("exit", r));
    if (child.exitCode !== null) throw new Error(`${role} stopped early (${child.exitCode}): ${output}`);
    child.stdin.write("stop\n");
    await exited;
    const last = output.trim().split("\n").at(-1) ?? "{}";
    return JSON.parse(last) as Record<string, number>;
  };
}

function summary(name: string, latencies: number[], quiet: number[] | null) {
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  return {
    phase: name,
    requests: latencies.length,
    "p50 ms": p50.toFixed(2),
    "p99 ms": p99.toFixed(2),
    "p50 × quiet": quiet ? (p50 / percentile(quiet, 50)).toFixed(2) : "",
    "p99 × quiet": quiet ? (p99 / percentile(quiet, 99)).toFixed(2) : "",
  };
}

async function main({ db, serve }: Bench) {
  // The victim's service has its own, higher limit (an owner set it); the attacker has the default.
  const victim = await makeTeam(db, "victim", { perSecond: 1_000, burst: 3_000 });
  const attacker = await makeTeam(db, "attacker");
  const people = await Promise.all(Array.from({ length: 16 }, (_, i) => makeTeam(db, `person${i}`)));
  // Every client here is 127.0.0.1: the per-address sign-in limit would stop the sign-in phase
  // after 300, which is the limit doing its job, not what this phase measures.
  await serve(PORT, { CREDITPOOL_LIMIT_SIGN_IN_ADDRESS: "1000000" });
  const cookie = await signIn(BASE, attacker.ownerEmail);
  // Warm up every route the phases use.
  await victimPhase(victim, 2);
  await Promise.all(
    attacks(BASE, attacker, cookie, ONLY).map(async (a) => (await a().catch(() => null))?.arrayBuffer()),
  );

  const quiet = await victimPhase(victim);

  const stopAttacker = await startLoad("attacker", { attacker, cookie, only: ONLY });
  const neighbour = await victimPhase(victim);
  const statuses = new Map(Object.entries(await stopAttacker()).map(([k, v]) => [Number(k), v]));

  const stopSignIns = await startLoad("sign-ins", { emails: people.map((p) => p.ownerEmail) });
  const duringSignIns = await victimPhase(victim);
  const { signIns = 0 } = await stopSignIns();

  console.log(
    `\nbench:hostile — ${SECONDS} s per phase, victim at ${RATE} spends/s, ${new Date().toISOString()}, node ${process.version}`,
  );
  console.table([
    summary("quiet: the victim alone", quiet, null),
    summary("neighbour: 16 connections of the worst requests", neighbour, quiet),
    summary(`sign-ins: 16 at once (${signIns} in the phase)`, duringSignIns, quiet),
  ]);
  const counted = [...statuses.entries()].sort(([a], [b]) => a - b);
  console.log(`attacker's answers: ${counted.map(([s, n]) => `${s === 0 ? "closed" : s}×${n}`).join(", ")}`);
  const serverErrors = counted.filter(([s]) => s >= 500).reduce((sum, [, n]) => sum + n, 0);
  if (serverErrors > 0) {
    console.log(`FAIL: ${serverErrors} answers were 5xx`);
    process.exitCode = 1;
  }
  const neighbourP99 = percentile(neighbour, 99) / percentile(quiet, 99);
  const signInP50 = percentile(duringSignIns, 50) / percentile(quiet, 50);
  console.log(
    `neighbour p99 ${neighbourP99.toFixed(2)}× quiet (bar: 2×) — ${neighbourP99 <= 2 ? "within" : "OVER"}; sign-ins p50 ${signInP50.toFixed(2)}× quiet (bar: 1.5×) — ${signInP50 <= 1.5 ? "within" : "OVER"}`,
  );
}

runBench(
  { name: "bench:hostile", dataDir: DATA_DIR, keep: values.keep, poolSize: 10, build: true, verify: true },
  main,
);
