// The production shape npm run test:scale runs the app in: Debian's PgBouncer (transaction pooling)
// in front of the embedded PostgreSQL, and HAProxy in front of three `next start` instances. Installs the two packages with
// apt-get when they are missing, as the README installs Chromium (as root).
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import path from "node:path";

export const PGBOUNCER = "/usr/sbin/pgbouncer";
export const HAPROXY = "/usr/sbin/haproxy";

export const log = (line: string) => console.log(`scale: ${new Date().toISOString().slice(11, 19)} ${line}`);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** apt-get install pgbouncer haproxy, when either is missing. */
export function ensurePackages(): void {
  if (existsSync(PGBOUNCER) && existsSync(HAPROXY)) return;
  if (process.getuid?.() !== 0)
    throw new Error("pgbouncer and haproxy are missing: run as root, or `apt-get install pgbouncer haproxy`");
  log("installing pgbouncer and haproxy (apt-get)");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update"], { stdio: "inherit", env });
  // policy-rc.d-free containers may start the packaged services; ours use their own ports and configs.
  execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "pgbouncer", "haproxy"], {
    stdio: "inherit",
    env,
  });
}

export function versionOf(binary: string): string {
  const out = spawnSync(binary, ["-V"], { encoding: "utf8" });
  return `${out.stdout}${out.stderr}`.split("\n")[0]?.trim() ?? "?";
}

/**
 * PgBouncer in transaction pooling mode on `port`, for database `database` on the server at `serverPort`.
 * It refuses to run as root, so it runs as the `postgres` user (the embedded server's) when we are root.
 */
export function startPgBouncer(options: {
  dir: string;
  port: number;
  serverPort: number;
  database: string;
  user: string;
  password: string;
}): ChildProcess {
  const dir = path.resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const userlist = path.join(dir, "userlist.txt");
  writeFileSync(userlist, `"${options.user}" "${options.password}"\n`, { mode: 0o600 });
  const config = path.join(dir, "pgbouncer.ini");
  writeFileSync(
    config,
    [
      "[databases]",
      `${options.database} = host=127.0.0.1 port=${options.serverPort} dbname=${options.database}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${options.port}`,
      "unix_socket_dir =",
      "auth_type = scram-sha-256",
      `auth_file = ${userlist}`,
      "pool_mode = transaction",
      "max_client_conn = 1000",
      "default_pool_size = 20",
      "reserve_pool_size = 5",
      "server_reset_query =",
      "ignore_startup_parameters = extra_float_digits",
      "server_lifetime = 3600",
      "server_idle_timeout = 60",
      "query_wait_timeout = 30",
      `pidfile = ${path.join(dir, "pgbouncer.pid")}`,
      "",
    ].join("\n"),
  );
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    execFileSync("chown", ["-R", "postgres", dir]);
    chmodSync(dir, 0o755);
  }
  const out = openSync(path.join(dir, "pgbouncer.log"), "a");
  return spawn(PGBOUNCER, [...(asRoot ? ["-u", "postgres"] : []), config], {
    stdio: ["ignore", out, out],
    detached: true,
  });
}

/** HAProxy on `port`, round robin over `servers`, health-checked, retrying refused connections elsewhere. */
export function startHaproxy(options: { dir: string; port: number; servers: number[] }): ChildProcess {
  const dir = path.resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const config = path.join(dir, "haproxy.cfg");
  writeFileSync(config, haproxyConfig(options.port, options.servers));
  execFileSync(HAPROXY, ["-c", "-q", "-f", config], { stdio: "inherit" });
  const out = openSync(path.join(dir, "haproxy.log"), "a");
  return spawn(HAPROXY, ["-db", "-f", config], { stdio: ["ignore", out, out], detached: true });
}

/** The proxy settings docs/DEPLOY.md shows (keep the two in step). */
export function haproxyConfig(port: number, servers: number[]): string {
  return [
    "global",
    "  maxconn 4096",
    "defaults",
    "  mode http",
    "  timeout connect 2s",
    "  timeout client 60s",
    "  timeout server 60s",
    "  timeout http-keep-alive 5s",
    // A refused or reset connection (an instance that died or is draining) is tried again on another
    // server; a request the server may have started (a timeout) is not: the client retries it with its
    // idempotency key.
    "  retries 3",
    "  option redispatch 1",
    "  retry-on conn-failure empty-response",
    "  option http-buffer-request",
    "frontend creditpool",
    `  bind 127.0.0.1:${port}`,
    "  default_backend app",
    "backend app",
    "  balance roundrobin",
    "  option httpchk GET /api/v1/openapi.json",
    "  http-check expect status 200",
    "  default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions",
    ...servers.map((server, i) => `  server app${i + 1} 127.0.0.1:${server} check`),
    "",
  ].join("\n");
}

/**
 * One app instance: `next start`, with what the launcher (scripts/with-db.ts, behind `npm start`)
 * adds when DATABASE_URL is set — NEXT_MANUAL_SIG_HANDLE=true for the graceful SIGTERM — and no
 * more (the script runs the migrations once itself). Started directly rather than through the
 * launcher so that one SIGKILL of the process group reaches next-server too (the launcher puts it in
 * a group of its own).
 */
export function startInstance(options: {
  port: number;
  logFile: string;
  env: Record<string, string>;
}): ChildProcess {
  const out = openSync(options.logFile, "a");
  // Node running Next's CLI itself (no npx in between), so the exit code seen is next-server's.
  return spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "--port", String(options.port)],
    {
      detached: true,
      stdio: ["ignore", out, out],
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("STRIPE_"))),
        NODE_ENV: "production",
        NEXT_MANUAL_SIG_HANDLE: "true",
        NEXT_TELEMETRY_DISABLED: "1",
        ...options.env,
      },
    },
  );
}

/** Sends `signal` to the process group of `child`. */
export function signalGroup(child: ChildProcess | undefined, signal: NodeJS.Signals): void {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Resolves with the exit code (or signal) once `child` has exited, or null after `ms`. */
export function exited(child: ChildProcess, ms: number): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.exitCode ?? child.signalCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal);
    });
  });
}

/** Waits until `url` answers 200, or throws after `ms`. */
export async function waitForOk(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(5_000) })).ok) return;
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer 200 within ${ms} ms`);
}
