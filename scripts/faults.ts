// npm run test:faults: the ledger keeps its promises while things break. A load of spends, holds
// (settled or released) and test-mode purchases runs against the app (`next start`) on a real,
// throwaway PostgreSQL while this script, in turn:
//
//   1. kills the app with SIGKILL (and starts it again),
//   2. terminates every database connection the app holds,
//   3. restarts PostgreSQL itself.
//
// Clients behave like real ones: on a network error or a 5xx they retry the same request with the
// same idempotency key. Afterwards every acknowledged charge, hold and purchase is in the ledger
// exactly once, nothing is half-written (ledger:verify), repeats of acknowledged requests replay
// instead of charging again, and the app serves again with no manual step.
//
// Some purchases lose their webhook on purpose (the stand-in's "Stripe" took the money, the event
// never came): reconciliation must then grant each of them exactly once, and find nothing more on
// a second run.
//
// Options: --seconds N (load duration, default 24), --clients N (default 12), --port N (default: a free one).
import type { ChildProcess } from "node:child_process";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createDatabase } from "../db";
import { findFreePort, startEmbeddedDatabase, type EmbeddedDatabase } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { testModeWebhookSecret } from "../lib/payments";
import {
  collectFailures,
  DATA_DIR,
  killApp,
  log,
  NEXTAUTH_SECRET,
  sleep,
  startApp,
  waitForApp,
  type Failures,
} from "./faults/app";
import { buildIfNeeded } from "./build-if-needed";
import { checkAfterFaults } from "./faults/checks";
import { runLoad } from "./faults/load";
import { createTeam } from "./faults/team";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "24" },
    clients: { type: "string", default: "12" },
    port: { type: "string" },
  },
});
const SECONDS = Number(values.seconds);
const CLIENTS = Number(values.clients);
// A free port unless one is given, so two checkouts can run the suite side by side.
const APP_PORT = values.port ? Number(values.port) : await findFreePort();
const BASE = `http://127.0.0.1:${APP_PORT}`;

/** Under the load, a quarter of the way in each: SIGKILL the app, end its connections, restart PostgreSQL. */
async function breakThings(
  databaseUrl: string,
  app: { current: ChildProcess | undefined },
  database: { pg: EmbeddedDatabase; port: number; admin: postgres.Sql },
) {
  const quarter = (SECONDS * 1_000) / 4;
  await sleep(quarter);
  log("SIGKILL the app");
  killApp(app.current, "SIGKILL");
  await sleep(500);
  app.current = startApp(APP_PORT, databaseUrl);
  await waitForApp(BASE, 60_000);
  log("app restarted");

  await sleep(quarter);
  const terminated =
    await database.admin`select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'creditpool' and pid <> pg_backend_pid()) t`;
  log(`terminated ${terminated[0]?.n ?? 0} app connections`);

  await sleep(quarter);
  log("restart PostgreSQL");
  await database.admin.end({ timeout: 1 }).catch(() => {});
  await database.pg.stop();
  await sleep(300);
  database.pg = await startEmbeddedDatabase({
    dataDir: DATA_DIR,
    port: database.port,
    database: "faults",
    log: () => {},
  });
  log("PostgreSQL back");
}

async function run(failures: Failures) {
  await buildIfNeeded("test:faults");
  const port = await findFreePort();
  const pg = await startEmbeddedDatabase({
    dataDir: DATA_DIR,
    port,
    database: "faults",
    reset: true,
    log: () => {},
  });
  const url = pg.url;
  await runMigrations(url);
  const db = createDatabase(url, { max: 4 });
  const database = { pg, port, admin: postgres(url, { max: 1, onnotice: () => {} }) };
  const app: { current: ChildProcess | undefined } = { current: undefined };
  try {
    const team = await createTeam(db);
    // The app signs and checks test-mode events with the secret derived from its session secret.
    const webhookSecret = testModeWebhookSecret(NEXTAUTH_SECRET);
    app.current = startApp(APP_PORT, url);
    await waitForApp(BASE, 60_000);
    log(`app up on ${BASE}, PostgreSQL on port ${port}; ${CLIENTS} clients for ${SECONDS} s`);

    const stopAt = Date.now() + SECONDS * 1_000;
    const target = { base: BASE, db, ...team, apiKey: team.apiKey.key, webhookSecret, failures };
    const load = runLoad(target, { clients: CLIENTS, stopAt, deadline: stopAt + 60_000 });
    await breakThings(url, app, database);
    const result = await load;
    log(`load done: ${result.acknowledged.length} acknowledged operations`);

    const check = createDatabase(url, { max: 2 });
    try {
      await checkAfterFaults({ ...target, db: check, apiKey: team.apiKey }, result);
    } finally {
      await check.$client.end();
    }
  } finally {
    killApp(app.current, "SIGTERM");
    await db.$client.end({ timeout: 1 }).catch(() => {});
    await database.admin.end({ timeout: 1 }).catch(() => {});
    await database.pg.stop();
  }
}

const failures = collectFailures();
run(failures).then(
  () => {
    if (failures.count() > 0) {
      console.error(`faults: ${failures.count()} failure(s)`);
      process.exit(1);
    }
    log("OK: every acknowledged operation is in the ledger exactly once and every invariant holds");
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
