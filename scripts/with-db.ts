// Runs a command with a database: the one DATABASE_URL names, or else the embedded PostgreSQL
// (data in .data/), which it starts, migrates, optionally seeds, and stops when the command ends.
//
//   tsx scripts/with-db.ts [--seed] [--reset] [--data-dir DIR] [--port N] [--log FILE] [-- command args...]
//
// With no command it only migrates (and seeds), then stops the database again. --log also copies the
// command's output to FILE (emptied at start, capped at LOG_CAP_BYTES), so a test can read what the
// server printed (the page fuzz looks there for errors).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { freezeClockFromEnv } from "../lib/frozen-clock";
import { commandPort } from "./command-port";

const separator = process.argv.indexOf("--");
const ownArgs = separator === -1 ? process.argv.slice(2) : process.argv.slice(2, separator);
const command = separator === -1 ? [] : process.argv.slice(separator + 1);

const { values } = parseArgs({
  args: ownArgs,
  options: {
    seed: { type: "boolean", default: false },
    reset: { type: "boolean", default: false },
    "data-dir": { type: "string", default: ".data" },
    port: { type: "string", default: process.env.EMBEDDED_PG_PORT ?? "54329" },
    log: { type: "string" },
  },
});

/** The server log stops growing here: a test run's output is far smaller, a runaway loop is not. */
const LOG_CAP_BYTES = 20 * 1024 * 1024;

async function main(): Promise<number> {
  // The seed reads the same frozen clock as the server it starts (CREDITPOOL_FROZEN_AT).
  freezeClockFromEnv();
  let embedded: EmbeddedDatabase | undefined;
  let url = process.env.DATABASE_URL;
  if (url) {
    console.log("creditpool: using the database in DATABASE_URL (no embedded server started)");
  } else {
    embedded = await startEmbeddedDatabase({
      dataDir: values["data-dir"],
      port: Number(values.port),
      reset: values.reset,
    });
    url = embedded.url;
    console.log(
      embedded.isOwner
        ? `creditpool: embedded PostgreSQL ready on 127.0.0.1:${values.port} (data in ${values["data-dir"]}/pg)`
        : `creditpool: sharing the embedded PostgreSQL that another creditpool command is running`,
    );
  }

  let exitCode = 0;
  try {
    // Migrations need a session (advisory locks, DDL): the direct URL when DATABASE_URL is a pooler.
    await runMigrations(process.env.DATABASE_DIRECT_URL || url);
    if (values.seed) {
      // The seed says where to open the app: the port of the command it starts (`next start --port N`).
      const { seedDemoData } = await import("../lib/demo/seed");
      await seedDemoData(url, { appPort: commandPort(command) ?? process.env.PORT ?? "3000" });
    }
    if (command.length > 0) exitCode = await run(command, url);
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    exitCode = 1;
  } finally {
    await embedded?.stop();
  }
  return exitCode;
}

/**
 * Local runs need a session secret and must trust the Host header for sign-in callbacks; a
 * deployment sets NEXTAUTH_SECRET and NEXTAUTH_URL itself. The secret is made once and kept in
 * the (git-ignored) data directory, so sessions survive restarts.
 */
function localAuthEnv(): Record<string, string> {
  const extra: Record<string, string> = {};
  if (!process.env.NEXTAUTH_SECRET) {
    const file = path.join(values["data-dir"], "nextauth-secret");
    if (!existsSync(file)) {
      mkdirSync(values["data-dir"], { recursive: true });
      writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
    }
    extra.NEXTAUTH_SECRET = readFileSync(file, "utf8").trim();
  }
  if (!process.env.NEXTAUTH_URL && !process.env.AUTH_TRUST_HOST) extra.AUTH_TRUST_HOST = "true";
  return extra;
}

/** Runs the command in its own process group so a signal reaches next-server and its workers. */
function run(argv: string[], url: string): Promise<number> {
  const [file, ...args] = argv;
  return new Promise((resolve) => {
    const child = spawn(file ?? "true", args, {
      stdio: values.log ? ["inherit", "pipe", "pipe"] : "inherit",
      detached: true,
      // Next.js telemetry stays off whoever starts the app: nothing may try the network.
      // NEXT_MANUAL_SIG_HANDLE: SIGTERM reaches the app's graceful handler (lib/runtime/next-signals.ts)
      // instead of Next's, which exits at once.
      env: {
        NEXT_MANUAL_SIG_HANDLE: "true",
        ...process.env,
        ...localAuthEnv(),
        DATABASE_URL: url,
        NEXT_TELEMETRY_DISABLED: "1",
      },
    });
    if (values.log) copyOutput(child, values.log);
    const forward = (signal: NodeJS.Signals) => {
      if (child.pid) {
        try {
          process.kill(-child.pid, signal);
        } catch {
          // the group has already gone
        }
      }
    };
    const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
    for (const signal of signals) process.on(signal, () => forward(signal));
    child.on("error", (error) => {
      console.error(`creditpool: could not run ${file}: ${error.message}`);
      resolve(127);
    });
    child.on("exit", (code, signal) =>
      resolve(code ?? (signal === "SIGINT" || signal === "SIGTERM" ? 0 : 1)),
    );
  });
}

/** Passes the child's stdout and stderr on as they are, and appends both to `file`. */
function copyOutput(child: ChildProcess, file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const log = createWriteStream(file, { flags: "w" });
  let written = 0;
  const copy = (from: NodeJS.ReadableStream | null, to: NodeJS.WriteStream) =>
    from?.on("data", (chunk: Buffer) => {
      to.write(chunk);
      if (written < LOG_CAP_BYTES) log.write(chunk);
      written += chunk.length;
    });
  copy(child.stdout, process.stdout);
  copy(child.stderr, process.stderr);
  child.on("exit", () => log.end());
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
