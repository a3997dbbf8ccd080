// npm run test:drain: the app's server (server.ts) stops gracefully. Against a production build on a
// throwaway PostgreSQL it checks that on SIGTERM
//
//   1. a spend whose body is still arriving is finished and acknowledged (201), and is in the ledger;
//   2. new connections are refused from the moment the signal arrives;
//   3. a request that never finishes holds the exit up by at most the drain bound (10 s), not forever;
//   4. the process then exits 0 (after shutdown() has run the registered stoppers).
//
// Options: --port N (default: a free one).
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { parseArgs } from "node:util";
import { createDatabase } from "../db";
import { findFreePort, startEmbeddedDatabase } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { createUser } from "../db/queries/users";
import { rateCard } from "../db/schema";
import { DEFAULT_RATES } from "../lib/billing/default-rates";
import { fundedWorkspace } from "./bench/support";

const { values } = parseArgs({ options: { port: { type: "string" } } });
const DATA_DIR = ".data/drain";
const DRAIN_BOUND_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let failures = 0;
function check(ok: boolean, what: string) {
  console.log(`drain: ${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures += 1;
}

function startServer(port: number, databaseUrl: string): ChildProcess {
  // tsx itself (as `npm start` runs it through with-db.ts), not npx: npx dies at the signal at once,
  // while tsx waits for the server and exits with its code.
  return spawn("node_modules/.bin/tsx", ["server.ts", "--port", String(port)], {
    detached: true,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      RUN_SCHEDULER: "false",
      NEXTAUTH_SECRET: "drain-test-secret-not-for-production",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
}

async function waitForHttp(url: string): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (
      await fetch(url)
        .then((r) => r.status < 500)
        .catch(() => false)
    )
      return;
    await sleep(200);
  }
  throw new Error(`the server did not start at ${url}`);
}

/** A socket that has sent a request's head and the first part of its body; the rest is up to the caller. */
async function startRequest(port: number, key: string, body: string, sentPart: number): Promise<Socket> {
  const socket = connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  socket.write(
    `POST /api/v1/usage HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${key}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, sentPart)}`,
  );
  return socket;
}

function responseOf(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
    socket.on("close", () => resolve(text));
    socket.on("error", () => resolve(text));
  });
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });
}

async function main() {
  if (!existsSync(".next/BUILD_ID")) throw new Error("test:drain needs a production build: npm run build");
  const pg = await startEmbeddedDatabase({
    dataDir: DATA_DIR,
    port: await findFreePort(),
    database: "drain",
    reset: true,
    log: () => {},
  });
  const db = createDatabase(pg.url, { max: 2 });
  let server: ChildProcess | undefined;
  try {
    await runMigrations(pg.url);
    await db.insert(rateCard).values(DEFAULT_RATES).onConflictDoNothing();
    const owner = await createUser(db, { email: `drain-${randomUUID()}@drain.test`, name: "Drain" });
    const team = await fundedWorkspace(db, { ownerUserId: owner.id, label: "Drain", credits: 1_000_000 });
    const port = values.port ? Number(values.port) : await findFreePort();
    const body = (key: string) =>
      JSON.stringify({
        idempotencyKey: key,
        member: team.membershipId,
        feature: "image",
        model: "imagine-standard",
        results: 1,
      });

    // 1, 2, 4: a request in flight is finished; new connections are refused meanwhile.
    server = startServer(port, pg.url);
    await waitForHttp(`http://127.0.0.1:${port}/api/v1/openapi.json`);
    const idempotencyKey = randomUUID();
    const slow = await startRequest(port, team.key, body(idempotencyKey), 20);
    const answer = responseOf(slow);
    await sleep(300);
    const exit = exited(server);
    process.kill(-(server.pid ?? 0), "SIGTERM");
    await sleep(500);
    check(await refusesConnections(port), "a new connection is refused once SIGTERM has arrived");
    slow.write(body(idempotencyKey).slice(20));
    const text = await answer;
    check(
      /^HTTP\/1\.1 201 /.test(text),
      `the spend in flight is answered 201 (got ${JSON.stringify(text.slice(0, 40))})`,
    );
    const code = await exit;
    check(code === 0, `the server exits 0 (got ${code})`);
    const [row] = await db.$client<{ n: number }[]>`
      select count(*)::int as n from ledger_entries where workspace_id = ${team.id} and code = 'spend'`;
    check(row?.n === 1, `the acknowledged spend is in the ledger once (found ${row?.n})`);

    // 3: a request that never finishes holds the exit up by the bound, no longer.
    server = startServer(port, pg.url);
    await waitForHttp(`http://127.0.0.1:${port}/api/v1/openapi.json`);
    const stuck = await startRequest(port, team.key, body(randomUUID()), 20);
    const stuckAnswer = responseOf(stuck);
    await sleep(300);
    const started = Date.now();
    const exit2 = exited(server);
    process.kill(-(server.pid ?? 0), "SIGTERM");
    const code2 = await Promise.race([exit2, sleep(DRAIN_BOUND_MS + 15_000).then(() => "still running")]);
    const took = Date.now() - started;
    check(code2 === 0, `with a request that never ends, the server still exits 0 (got ${code2})`);
    check(
      took >= DRAIN_BOUND_MS - 500 && took < DRAIN_BOUND_MS + 10_000,
      `after the drain bound, not before and not much later (${took} ms)`,
    );
    await stuckAnswer;
  } finally {
    if (server?.pid && server.exitCode === null) process.kill(-server.pid, "SIGKILL");
    await db.$client.end({ timeout: 1 });
    await pg.stop();
    rmSync(DATA_DIR, { recursive: true, force: true });
  }
}

main().then(
  () => {
    if (failures > 0) {
      console.error(`drain: ${failures} failure(s)`);
      process.exit(1);
    }
    console.log("drain: OK");
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
