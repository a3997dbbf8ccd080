// npm run test:scale: Creditpool in the shape it runs in past one process. The embedded PostgreSQL,
// Debian's PgBouncer 1.18 in transaction pooling mode in front of it (no prepared statements get
// through: the app's pool runs with `prepare: false` there), three app instances started as
// `npm start` starts one (`next start` with NEXT_MANUAL_SIG_HANDLE=true; DATABASE_URL through the pooler, DATABASE_DIRECT_URL for the scheduler,
// LISTEN/NOTIFY and the reconciliation lock), and HAProxy in front of them. The fault suite's traffic
// (spends, holds, batches of holds settled and released, purchases, refunds and disputes) runs through
// the proxy, with auto top-ups crossing their threshold, while this script SIGKILLs instances and
// restarts them one at a time, and once sends one SIGTERM (a graceful stop that must lose nothing).
// Then it checks:
//
//   - every acknowledged operation is in the ledger once, replays charge nothing, ledger:verify holds,
//     lost webhooks are reconciled once, no secret in any instance's log (the fault suite's checks),
//   - each due monthly and daily grant was made exactly once (three schedulers raced for them),
//   - each notification was delivered once, each auto top-up crossing was topped up once,
//   - reconciliation never ran on two instances at once,
//   - the per-key rate limit holds within its documented total (3 × the key's limit),
//   - a member removed while every instance remembers them cannot spend on any.
//
// Not in `npm test` (it needs root for apt-get the first time, and a few minutes). Ports: the
// instances on --port..+2, HAProxy on +3, PostgreSQL on --db-port, PgBouncer on +1.
// Options: --seconds N (load, default 48), --clients N (default 9), --port N (3402), --db-port N (54442).
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import PgBoss from "pg-boss";
import { createDatabase } from "../db";
import { startEmbeddedDatabase } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { RECONCILE_QUEUE } from "../lib/jobs/worker";
import { testModeWebhookSecret } from "../lib/payments";
import { buildIfNeeded } from "./build-if-needed";
import { collectFailures, NEXTAUTH_SECRET, send, type Failures } from "./faults/app";
import { checkAfterFaults } from "./faults/checks";
import { runLoad } from "./faults/load";
import {
  ensurePackages,
  exited,
  HAPROXY,
  log,
  PGBOUNCER,
  signalGroup,
  sleep,
  startHaproxy,
  startInstance,
  startPgBouncer,
  versionOf,
  waitForOk,
} from "./scale/infra";
import {
  checkAutoTopUps,
  checkGrants,
  checkNotifications,
  checkRateLimit,
  checkReconciliationRuns,
  checkRemovedMember,
  settle,
} from "./scale/checks";
import { setUpScale } from "./scale/setup";
import { DeadlineError, describeDatabase, progress, startWatchdog, within } from "./scale/waits";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "48" },
    clients: { type: "string", default: "9" },
    port: { type: "string", default: process.env.SCALE_PORT ?? "3402" },
    "db-port": { type: "string", default: process.env.SCALE_DB_PORT ?? "54442" },
  },
});
const SECONDS = Number(values.seconds);
const CLIENTS = Number(values.clients);
const FIRST_PORT = Number(values.port);
const APP_PORTS = [FIRST_PORT, FIRST_PORT + 1, FIRST_PORT + 2];
const PROXY_PORT = FIRST_PORT + 3;
const DB_PORT = Number(values["db-port"]);
const POOLER_PORT = DB_PORT + 1;
const DATA_DIR = ".data/scale";
const DATABASE = "scale";
const PROXY = `http://127.0.0.1:${PROXY_PORT}`;
const instanceUrl = (i: number) => `http://127.0.0.1:${APP_PORTS[i]}`;
const logFile = (i: number) => `${DATA_DIR}/app${i + 1}.log`;
// How long three instances may take to answer at start, and one after a restart. Generous: on a
// shared machine at load 20, with other work at a higher priority, a `nice -n 19` instance took
// more than 2 minutes to answer its first request.
const START_MS = 300_000;
const RESTART_MS = 180_000;

type Cluster = { instances: (ChildProcess | undefined)[]; env: Record<string, string> };

function start(cluster: Cluster, i: number): void {
  cluster.instances[i] = startInstance({ port: APP_PORTS[i] ?? 0, logFile: logFile(i), env: cluster.env });
}

async function restart(cluster: Cluster, i: number): Promise<void> {
  start(cluster, i);
  await waitForOk(`${instanceUrl(i)}/api/v1/openapi.json`, RESTART_MS);
  log(`app${i + 1} back`);
}

/** One instance at a time, spread over the load: SIGKILL, SIGTERM (graceful), SIGKILL, SIGKILL. */
async function breakThings(cluster: Cluster, failures: Failures): Promise<void> {
  const step = (SECONDS * 1_000) / 5;
  const faults: { i: number; signal: NodeJS.Signals }[] = [
    { i: 0, signal: "SIGKILL" },
    { i: 1, signal: "SIGTERM" },
    { i: 2, signal: "SIGKILL" },
    { i: 0, signal: "SIGKILL" },
  ];
  for (const { i, signal } of faults) {
    await sleep(step);
    const child = cluster.instances[i];
    if (!child) continue;
    log(`${signal} app${i + 1}`);
    const began = Date.now();
    signalGroup(child, signal);
    const code = await exited(child, 30_000);
    if (signal === "SIGTERM") {
      // next-server exits 0 after a graceful stop within the bound (Next's own handler: 143).
      const stopped = /creditpool: stopped in (\d+) ms: (.*)/.exec(readFileSync(logFile(i), "utf8"));
      if (code !== 0 || !stopped)
        failures.fail(`app${i + 1} did not stop gracefully on SIGTERM (exit ${code})`);
      else log(`app${i + 1} stopped gracefully in ${Date.now() - began} ms: ${stopped[2]}`);
    } else if (code === null) failures.fail(`app${i + 1} survived SIGKILL`);
    await restart(cluster, i);
  }
}

/** The top-up team's client: steady spends through the proxy, so its balance keeps crossing the threshold. */
async function topUpLoad(
  target: { key: string; memberId: string },
  stopAt: number,
  failures: Failures,
): Promise<string[]> {
  const acknowledged: string[] = [];
  while (Date.now() < stopAt) {
    progress.set("top-up client", "spend");
    const body = {
      idempotencyKey: randomUUID(),
      member: target.memberId,
      feature: "image",
      model: "imagine-standard",
      results: 4,
    };
    const answer = await send(PROXY, "/api/v1/usage", { key: target.key, body }, stopAt + 60_000);
    if (answer && answer.status < 300) acknowledged.push(body.idempotencyKey);
    // Refused for want of credits while the top-up is on its way: a real client waits and tries again.
    else if ((answer?.body.error as { code?: string } | undefined)?.code !== "insufficient_credits")
      failures.fail(`top-up team spend: ${JSON.stringify(answer)}`);
    await sleep(100);
  }
  progress.set("top-up client", "idle");
  return acknowledged;
}

/** Batches of 20 spends through the proxy, retried whole with the same keys until answered. */
async function batchLoad(
  target: { key: string; memberId: string },
  stopAt: number,
  failures: Failures,
): Promise<{ key: string; credits: number }[]> {
  const acknowledged: { key: string; credits: number }[] = [];
  while (Date.now() < stopAt) {
    progress.set("batch client", "batch of 20");
    const records = Array.from({ length: 20 }, () => ({
      idempotencyKey: randomUUID(),
      member: target.memberId,
      feature: "image",
      model: "imagine-standard",
      results: 1,
    }));
    const answer = await send(
      PROXY,
      "/api/v1/usage/batch",
      { key: target.key, body: { records } },
      stopAt + 60_000,
    );
    const results = answer?.body.results as
      { index: number; status: number; body: { credits?: number } }[] | undefined;
    if (!answer || answer.status !== 200 || !results) {
      failures.fail(`batch: ${JSON.stringify(answer)}`);
      continue;
    }
    for (const r of results) {
      const record = records[r.index];
      if (r.status < 300 && record)
        acknowledged.push({ key: record.idempotencyKey, credits: Number(r.body.credits) });
      else failures.fail(`batch record ${record?.idempotencyKey}: ${JSON.stringify(r)}`);
    }
    await sleep(200);
  }
  progress.set("batch client", "idle");
  return acknowledged;
}

/**
 * Queues a reconciliation every few seconds: each instance's worker may pick it up. Its own pg-boss
 * client, every call of it bounded (a send that finds the database down gives up, the next one tries).
 */
async function reconcileOften(directUrl: string, stopAt: number): Promise<void> {
  const boss = new PgBoss({
    connectionString: directUrl,
    schema: "pgboss",
    max: 1,
    supervise: false,
    schedule: false,
    application_name: "scale-script-pgboss",
    // Bounded connects and statements: pg-boss's pool otherwise waits as long as the database does.
    connectionTimeoutMillis: 5_000,
    query_timeout: 10_000,
  } as PgBoss.ConstructorOptions);
  boss.on("error", () => {});
  progress.set("reconciliation queue", "start pg-boss");
  await within("the script's pg-boss client to start", 30_000, boss.start());
  let sent = 0;
  let tries = 0;
  const refusals = new Set<string>();
  try {
    while (Date.now() < stopAt) {
      progress.set("reconciliation queue", "send a job");
      tries += 1;
      // null: a singleton job is queued already; an error: the database is busy or down (next time).
      const id = await within("the script's pg-boss send", 15_000, boss.send(RECONCILE_QUEUE, {})).catch(
        (error: unknown) => {
          refusals.add(error instanceof Error ? error.message : String(error));
          return undefined;
        },
      );
      if (id) sent += 1;
      progress.set("reconciliation queue", "sleep");
      await sleep(3_000);
    }
    log(
      `reconciliation queue: ${sent} of ${tries} jobs queued${refusals.size ? ` (failed: ${[...refusals].join("; ")})` : ""}`,
    );
  } finally {
    progress.set("reconciliation queue", "stop pg-boss");
    await within(
      "the script's pg-boss client to stop",
      15_000,
      boss.stop({ graceful: false, wait: true }),
    ).catch((error: unknown) => log(`pg-boss stop: ${String(error)}`));
    progress.set("reconciliation queue", "idle");
  }
}

async function run(failures: Failures) {
  const stopWatchdog = startWatchdog();
  ensurePackages();
  log(`${versionOf(PGBOUNCER)}; ${versionOf(HAPROXY)}`);
  await buildIfNeeded("test:scale");
  mkdirSync(DATA_DIR, { recursive: true });
  const pg = await within(
    "the embedded PostgreSQL to start",
    120_000,
    startEmbeddedDatabase({
      dataDir: DATA_DIR,
      port: DB_PORT,
      database: DATABASE,
      reset: true,
      log: () => {},
    }),
  );
  const directUrl = pg.url;
  const poolerUrl = directUrl.replace(`:${DB_PORT}/`, `:${POOLER_PORT}/`);
  await within("the migrations", 180_000, runMigrations(directUrl));
  const db = createDatabase(directUrl, { max: 4 });
  const cluster: Cluster = {
    instances: [],
    env: {
      DATABASE_URL: poolerUrl,
      DATABASE_DIRECT_URL: directUrl,
      NEXTAUTH_SECRET,
      DATABASE_POOL_SIZE: "8",
      API_RATE_LIMIT_PER_SECOND: "1000000",
      API_RATE_LIMIT_BURST: "1000000",
      CREDITPOOL_TRUST_PROXY: "true",
    },
  };
  let pooler: ChildProcess | undefined;
  let proxy: ChildProcess | undefined;
  try {
    const setup = await within("the scale test's workspaces", 120_000, setUpScale(db, { dueWorkspaces: 10 }));
    const direct = new URL(directUrl);
    pooler = startPgBouncer({
      dir: `${DATA_DIR}/pgbouncer`,
      port: POOLER_PORT,
      serverPort: DB_PORT,
      database: DATABASE,
      user: decodeURIComponent(direct.username),
      password: decodeURIComponent(direct.password),
    });
    for (let i = 0; i < APP_PORTS.length; i += 1) start(cluster, i);
    proxy = startHaproxy({ dir: `${DATA_DIR}/haproxy`, port: PROXY_PORT, servers: APP_PORTS });
    await Promise.all(APP_PORTS.map((_, i) => waitForOk(`${instanceUrl(i)}/api/v1/openapi.json`, START_MS)));
    await waitForOk(`${PROXY}/api/v1/openapi.json`, 30_000);
    log(
      `3 instances on ${APP_PORTS.join(", ")} behind HAProxy on ${PROXY_PORT}; PgBouncer on ${POOLER_PORT}; ${CLIENTS} clients for ${SECONDS} s`,
    );

    const webhookSecret = testModeWebhookSecret(NEXTAUTH_SECRET);
    const stopAt = Date.now() + SECONDS * 1_000;
    const target = { base: PROXY, db, ...setup.team, apiKey: setup.team.apiKey.key, webhookSecret, failures };
    const load = runLoad(target, {
      clients: CLIENTS,
      stopAt,
      deadline: stopAt + 60_000,
      onStep: (client, step) => progress.set(`load client ${client + 1}`, step),
    });
    const topUps = topUpLoad(
      { key: setup.topUp.apiKey.key, memberId: setup.topUp.memberId },
      stopAt,
      failures,
    );
    const batches = batchLoad(
      { key: setup.team.apiKey.key, memberId: setup.team.memberId },
      stopAt,
      failures,
    );
    const reconciling = reconcileOften(directUrl, stopAt);
    // Awaited below, each within its deadline; if a fault fails first, their end is not awaited, and
    // an error of theirs then must not kill the script before it stops what it started.
    for (const work of [load, topUps, batches, reconciling]) work.catch(() => {});
    // Four faults, each a kill (≤ 30 s to exit) and a restart, a fifth of the load apart.
    await within(
      "the faults (kill and restart each instance)",
      SECONDS * 1_000 + 4 * (30_000 + RESTART_MS + 5_000),
      breakThings(cluster, failures),
      { quietMs: SECONDS * 1_000 + 60_000 },
    );
    // Every client's requests give up at stopAt + 60 s; a client still busy after that is stuck.
    const untilStuck = () => Math.max(10_000, stopAt + 90_000 - Date.now());
    const result = await within("the fault suite's load clients to finish", untilStuck(), load);
    const topUpSpends = await within("the top-up client to finish", untilStuck(), topUps);
    const batchRecords = await within("the batch client to finish", untilStuck(), batches);
    await within("the reconciliation queue client to finish", untilStuck() + 30_000, reconciling);
    // The batches' records join the fault suite's acknowledged spends: checked (and replayed) alike.
    for (const record of batchRecords)
      result.acknowledged.push({
        kind: "usage",
        key: record.key,
        credits: record.credits,
        path: "/api/v1/usage",
        body: null,
      });
    log(
      `load done: ${result.acknowledged.length} acknowledged operations, ${topUpSpends.length} top-up team spends`,
    );

    await within("outbox and auto top-ups to settle", 75_000, settle(db, 60_000));
    await within(
      "the fault suite's checks",
      180_000,
      checkAfterFaults(
        {
          ...target,
          apiKey: setup.team.apiKey,
          logFiles: APP_PORTS.map((_, i) => logFile(i)),
          appReconciles: true,
        },
        result,
      ),
    );
    const topUpEntries = await db.execute<{ key: string; n: number }>(
      // one ledger entry per acknowledged spend of the top-up team
      sql`select idempotency_key as key, count(*)::int as n from ledger_entries
        where workspace_id = ${setup.topUp.workspaceId}::uuid and code = 'spend' group by 1`,
    );
    const byKey = new Map(topUpEntries.map((row) => [row.key, row.n]));
    for (const key of topUpSpends)
      if (byKey.get(key) !== 1) failures.fail(`top-up team spend ${key}: ${byKey.get(key) ?? 0} entries`);
    await within("the grants check", 30_000, checkGrants(db, failures, setup));
    await within("the notifications check", 30_000, checkNotifications(db, failures));
    await within("the auto top-up check", 30_000, checkAutoTopUps(db, failures, setup.topUp.workspaceId));
    await checkReconciliationRuns(
      APP_PORTS.map((_, i) => logFile(i)),
      failures,
    );
    await within("the rate limit check", 60_000, checkRateLimit(PROXY, setup.limitedKey, failures));
    await within(
      "the member cache check",
      60_000,
      checkRemovedMember(db, failures, {
        instances: APP_PORTS.map((_, i) => instanceUrl(i)),
        key: setup.team.apiKey.key,
        workspaceId: setup.team.workspaceId,
        membershipId: setup.leaverId,
      }),
    );
  } catch (error) {
    // A wait ran out: say what the database was doing then, before everything is stopped.
    if (error instanceof DeadlineError) {
      log(`FAILED ${error.message}`);
      log("the database's busy backends at that moment:");
      for (const line of await describeDatabase(directUrl)) log(`  ${line}`);
    }
    throw error;
  } finally {
    stopWatchdog();
    for (const child of cluster.instances) signalGroup(child, "SIGTERM");
    await Promise.all(cluster.instances.map((child) => (child ? exited(child, 25_000) : null)));
    for (const child of cluster.instances) signalGroup(child, "SIGKILL");
    signalGroup(proxy, "SIGTERM");
    signalGroup(pooler, "SIGTERM");
    await within("the script's database pool to close", 5_000, db.$client.end({ timeout: 1 })).catch(
      () => {},
    );
    await sleep(500);
    await within("the embedded PostgreSQL to stop", 30_000, pg.stop()).catch((error: unknown) =>
      log(String(error)),
    );
  }
}

const failures = collectFailures();
run(failures).then(
  () => {
    if (failures.count() > 0) {
      console.error(`scale: ${failures.count()} failure(s)`);
      process.exit(1);
    }
    log("OK: three instances behind HAProxy and PgBouncer kept every promise while they died");
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
