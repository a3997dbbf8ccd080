// What the benchmark scripts share: a fresh database of their own, a production build and the app
// started on that database, funded workspaces, and percentiles.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { buildIfNeeded } from "../build-if-needed";
import { createDatabase, type Database } from "../../db";
import { findFreePort, startEmbeddedDatabase } from "../../db/embedded";
import { runMigrations } from "../../db/migrate";
import { createWorkspace } from "../../db/queries/workspaces";
import { apiKeys, rateCard } from "../../db/schema";
import { newApiKey } from "../../lib/api/v1/auth";
import { DEFAULT_RATES } from "../../lib/billing/default-rates";
import { defaultLowBalanceThreshold } from "../../lib/billing/plans";
import { systemClock } from "../../lib/clock";
import { grant, spend } from "../../lib/ledger";
import { verifyLedger } from "../../lib/ledger/verify";

/** The rate card's features and models with their credits per result, for seeding generations. */
export const RATE_PAIRS = [
  ["image", "imagine-standard", 24],
  ["image", "imagine-pro", 60],
  ["video", "motion-standard", 210],
  ["video", "motion-pro", 520],
  ["edit", "inpaint", 30],
  ["upscale", "upscale-2x", 8],
  ["upscale", "upscale-4x", 16],
] as const;

const CLOCK_TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name, for every process (pid → fields). */
export function processStats(): Map<number, string[]> {
  const stats = new Map<number, string[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      stats.set(Number(entry), stat.slice(stat.lastIndexOf(")") + 2).split(" "));
    } catch {
      // the process ended while we looked
    }
  }
  return stats;
}

/** User + system CPU ms of every process in process group `pgid` (the app and its npx/tsx parents). */
export function groupCpuMs(pgid: number): number {
  let ticks = 0;
  for (const fields of processStats().values()) {
    if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * A server process in a group of its own (so its CPU is counted apart), resolved once it prints a
 * line that starts with "ready" (lines before it, such as Next.js's own, are passed over); stop() ends
 * the whole group.
 */
export async function startServer(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ pgid: number; stop: () => void }> {
  const child = spawn(command, args, {
    detached: true,
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen += chunk.toString("utf8");
      if (!/(^|\n)ready/.test(seen)) return;
      child.stdout?.off("data", onData);
      // Still read (and drop) what it prints later, so a full pipe never stops it.
      child.stdout?.resume();
      resolve();
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${args.at(-1) ?? command} exited with ${code}`)));
  });
  return {
    pgid: child.pid ?? 0,
    stop: () => {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    },
  };
}

/**
 * User + system CPU ms so far of the benchmark's PostgreSQL in `dataDir`: its postmaster and every
 * process it forked (backends, WAL writer, checkpointer, autovacuum workers, those that have ended included), from /proc at 100 clock ticks a second.
 */
export function postgresCpuMs(dataDir: string): number {
  const postmaster = Number(readFileSync(path.join(dataDir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // Fields after the command (which may hold spaces) in parentheses: state is [0], ppid [1].
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(entry) === postmaster || Number(fields[1]) === postmaster)
      ticks += Number(fields[11]) + Number(fields[12]);
    // The postmaster's children that have ended (autovacuum workers, closed connections) count in its
    // cutime and cstime: without them a worker that ran and ended inside a window would be missed.
    if (Number(entry) === postmaster) ticks += Number(fields[13]) + Number(fields[14]);
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** One standard image spent by the workspace's owner (`membershipId`) with a fresh key; throws if refused. */
export async function spendOneImage(
  db: Database,
  workspace: { id: string; membershipId: string },
  /** The metering API key that asks, as the route passes it: the ledger checks its cap and counts it. */
  apiKeyId?: string,
): Promise<void> {
  const outcome = await spend(
    { db, clock: systemClock },
    {
      workspaceId: workspace.id,
      membershipId: workspace.membershipId,
      feature: "image",
      model: "imagine-standard",
      results: 1,
      idempotencyKey: randomUUID(),
      apiKeyId,
    },
  );
  if (!outcome.ok) throw new Error(outcome.message);
}

/**
 * `count` one-credit image spends of one member through one API key, each with a fresh idempotency key,
 * as lib/ledger/debit-records.ts prices them for the batch debit (cp_debit_records): one generation of
 * one member, so one request hash for all of them.
 */
export function oneCreditRecords(count: number, membershipId: string, apiKeyId: string) {
  const hash = createHash("sha256").update(randomUUID()).digest("hex");
  return Array.from({ length: count }, () => ({
    kind: "spend",
    member: membershipId,
    amount: 1,
    isPro: false,
    feature: "image",
    model: "imagine-standard",
    settings: {},
    results: 1,
    key: randomUUID(),
    hash,
    expiresAt: null,
    apiKey: apiKeyId,
  }));
}

/** The middle value (the upper one of an even count), 0 for none: the rounds' figure the benches print. */
export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Runs `clients` loops for `seconds` after a 1 s warm-up (JIT, plans, connections), each calling `op`
 * back to back; op returns how many units it did. Latencies come back sorted. `window`, when given,
 * is called as the measured seconds start, and the function it returns as they end (CPU counters).
 */
export async function measureLoops(
  seconds: number,
  clients: number,
  op: () => Promise<number>,
  window?: () => () => void,
): Promise<{ perSecond: number; latencies: number[] }> {
  const warmUntil = Date.now() + 1_000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < warmUntil) await op();
    }),
  );
  const latencies: number[] = [];
  let units = 0;
  const endWindow = window?.();
  const start = performance.now();
  const until = start + seconds * 1_000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        // Not `units += await op()`: that reads `units` before the await and loses the other loops' counts.
        const done = await op();
        units += done;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const perSecond = units / ((performance.now() - start) / 1_000);
  endWindow?.();
  latencies.sort((a, b) => a - b);
  return { perSecond, latencies };
}

async function waitForHttp(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`app did not start at ${url}`);
}

/** How the app is served: the app's server (server.ts, as `npm start`) or, for comparison, bare `next start`. */
export type ServerKind = "app" | "next-start";

const SERVER_COMMAND: Record<ServerKind, (port: number) => string[]> = {
  app: (port) => ["tsx", "server.ts", "--port", String(port)],
  "next-start": (port) => ["next", "start", "--port", String(port)],
};

/** The app on `databaseUrl` in its own process group (stop it with stopApp), scheduler off. */
function startApp(
  port: number,
  databaseUrl: string,
  env: Record<string, string> = {},
  kind: ServerKind = "app",
): ChildProcess {
  return spawn("npx", SERVER_COMMAND[kind](port), {
    detached: true,
    stdio: "ignore",
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      RUN_SCHEDULER: "false",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_SECRET: "bench-secret-not-for-production-use",
      ...env,
    },
  });
}

/** Whether any process of group `pgid` is still alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops the app and waits for every process of its group to end, so its port is free for the next
 * one. The launcher (npx) can exit while the server it started still drains its requests and holds
 * the port: the next server then failed to listen, the old one answered the readiness check, and
 * the first measured case met thousands of refused connections when it went.
 */
async function stopAndWait(app: ChildProcess): Promise<void> {
  if (!app.pid) return;
  const pgid = app.pid;
  if (app.exitCode === null && app.signalCode === null) {
    const exited = new Promise((resolve) => app.once("exit", resolve));
    stopApp(app);
    await exited;
  }
  const deadline = Date.now() + 30_000;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) {
      process.kill(-pgid, "SIGKILL");
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function stopApp(app: ChildProcess | undefined): void {
  if (!app?.pid) return;
  try {
    process.kill(-app.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

/** An active Enterprise workspace owned by `ownerUserId` and named `label`, in `timeZone` (else the default). */
export async function enterpriseWorkspace(
  db: Database,
  input: { ownerUserId: string; label: string; timeZone?: string },
) {
  return createWorkspace(db, {
    name: input.label,
    slug: `${input.label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${randomUUID().slice(0, 6)}`,
    plan: "enterprise",
    subscriptionStatus: "active",
    ...(input.timeZone ? { timeZone: input.timeZone } : {}),
    ownerUserId: input.ownerUserId,
    defaultLowBalanceThreshold: defaultLowBalanceThreshold({
      plan: "enterprise",
      subscriptionStatus: "active",
    }),
  });
}

/** Grants `credits` never-expiring top-up credits, so no benchmark runs out. */
export async function fund(db: Database, workspaceId: string, credits: number): Promise<void> {
  await grant(
    { db, clock: systemClock },
    {
      workspaceId,
      type: "top_up",
      code: "top_up",
      amount: credits,
      expiresAt: null,
      idempotencyKey: `bench-fund-${workspaceId}`,
    },
  );
}

/**
 * An Enterprise workspace owned by `ownerUserId`, with `credits` top-up credits and an API key (with
 * its own rate limit when given).
 */
export async function fundedWorkspace(
  db: Database,
  input: {
    ownerUserId: string;
    label: string;
    credits: number;
    keyLimit?: { perSecond: number; burst: number };
  },
) {
  const { workspace, owner: membership } = await enterpriseWorkspace(db, input);
  await fund(db, workspace.id, input.credits);
  const { key, keyId } = await insertApiKey(db, workspace.id, input.keyLimit);
  return { id: workspace.id, slug: workspace.slug, membershipId: membership.id, key, keyId };
}

/** A new API key of the workspace (with its own rate limit when given); returns the secret. */
export async function addApiKey(
  db: Database,
  workspaceId: string,
  limit?: { perSecond: number; burst: number },
): Promise<string> {
  return (await insertApiKey(db, workspaceId, limit)).key;
}

async function insertApiKey(
  db: Database,
  workspaceId: string,
  limit?: { perSecond: number; burst: number },
): Promise<{ key: string; keyId: string }> {
  const key = newApiKey();
  const [row] = await db
    .insert(apiKeys)
    .values({
      workspaceId,
      name: "bench",
      prefix: key.prefix,
      secretHash: key.secretHash,
      createdAt: new Date(),
      rateLimitPerSecond: limit?.perSecond ?? null,
      rateLimitBurst: limit?.burst ?? null,
    })
    .returning({ id: apiKeys.id });
  if (!row) throw new Error("the API key was not stored");
  return { key: key.key, keyId: row.id };
}

/** Runs ledger:verify over everything the benchmark wrote; a violation fails the run. */
async function verifyWhatWasWritten(db: Database): Promise<void> {
  const violations = await verifyLedger(db);
  console.log(
    violations.length === 0
      ? "ledger:verify: OK, every invariant holds"
      : `ledger:verify: ${violations.length} violation(s)`,
  );
  if (violations.length > 0) process.exitCode = 1;
}

/** The app's /api/metrics text (Prometheus format), read with `token`; null if it does not answer 200. */
export async function scrapeMetrics(base: string, token: string): Promise<string | null> {
  const response = await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${token}` } });
  return response.ok ? response.text() : null;
}

/** The sum of metric `name`'s samples in `text` over its label sets that contain `labels` (all if ""). */
export function metricTotal(text: string, name: string, labels = ""): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (labels && !line.includes(labels)) continue;
    sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}

/** The app's rate limits out of the way: a benchmark measures the path, not the limiter. */
export const NO_RATE_LIMIT = { API_RATE_LIMIT_PER_SECOND: "1000000", API_RATE_LIMIT_BURST: "1000000" };

/** POSTs JSON with a metering API key to the app at `base`; anything but a 2xx throws with the body. */
export function apiPoster(base: string) {
  return async (key: string, path: string, body: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  };
}

export type Bench = {
  db: Database;
  /** The database's URL, for a client of the benchmark's own. */
  url: string;
  /**
   * Starts the app (server.ts as `npm start` does, or bare `next start` with kind "next-start"; scheduler
   * off) on this database at `port` and resolves once it answers, with the id of its process group; it
   * is stopped by the next serve() or when the benchmark ends.
   */
  serve: (port: number, env?: Record<string, string>, kind?: ServerKind) => Promise<number>;
};

/**
 * Runs a benchmark on a fresh embedded PostgreSQL of its own in `dataDir`, migrated and with the
 * default rate card, after a production build when it serves the app. However the run ends, it
 * stops what it started and (unless `keep`) deletes the data; with `verify`, a finished run ends with
 * ledger:verify. An error fails the process.
 */
export function runBench(
  options: {
    name: string;
    dataDir: string;
    keep: boolean;
    poolSize: number;
    build?: boolean;
    verify?: boolean;
    /** Start on the data already in `dataDir` (a seeded database kept from an earlier run). */
    reuse?: boolean;
    /** The embedded database's port (default: any free port). */
    dbPort?: number;
  },
  bench: (ctx: Bench) => Promise<void>,
): void {
  const run = async () => {
    if (options.build) await buildIfNeeded(options.name);
    const pg = await startEmbeddedDatabase({
      dataDir: options.dataDir,
      port: options.dbPort ?? (await findFreePort()),
      database: "bench",
      reset: !options.reuse,
      log: () => {},
    });
    const db: Database = createDatabase(pg.url, { max: options.poolSize });
    let app: ChildProcess | undefined;
    const serve = async (port: number, env: Record<string, string> = {}, kind: ServerKind = "app") => {
      if (app) await stopAndWait(app);
      app = startApp(port, pg.url, env, kind);
      await waitForHttp(`http://127.0.0.1:${port}/api/v1/openapi.json`, 60_000);
      return app.pid ?? 0;
    };
    try {
      await runMigrations(pg.url);
      await db.insert(rateCard).values(DEFAULT_RATES).onConflictDoNothing();
      await bench({ db, url: pg.url, serve });
      if (options.verify) await verifyWhatWasWritten(db);
    } finally {
      stopApp(app);
      await db.$client.end();
      await pg.stop();
      if (!options.keep) rmSync(options.dataDir, { recursive: true, force: true });
    }
  };
  run().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
