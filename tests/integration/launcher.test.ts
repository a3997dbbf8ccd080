// The embedded database launcher: a Postgres left running by a killed run is found and stopped.
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { afterAll, expect, it } from "vitest";
import { findFreePort } from "@/db/embedded";

const dataDir = `.data/launcher-${randomUUID().slice(0, 8)}`;

function launch(args: string[]) {
  // Node itself (tsx as a loader), so the SIGKILL below hits the launcher and not a wrapper.
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/with-db.ts", "--data-dir", dataDir, ...args],
    {
      // Nothing set by whoever runs the tests: the launcher alone must turn Next.js telemetry off.
      env: { ...process.env, DATABASE_URL: "", NEXT_TELEMETRY_DISABLED: "" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitFor(predicate: () => boolean, ms = 30_000) {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it("detects and stops a leftover PostgreSQL from a run killed with SIGKILL, then starts cleanly", async () => {
  const port = String(await findFreePort());
  const first = launch(["--port", port, "--", "sleep", "15"]);
  await waitFor(() => first.output().includes("ready"));
  // Kill the launcher only: its Postgres is orphaned and keeps running.
  first.child.kill("SIGKILL");
  await first.exited;
  expect(existsSync(`${dataDir}/pg/postmaster.pid`)).toBe(true);

  const second = launch([
    "--port",
    port,
    "--",
    "node",
    "-e",
    "console.log('command ran with', process.env.DATABASE_URL ? 'a database' : 'none', 'and telemetry', process.env.NEXT_TELEMETRY_DISABLED === '1' ? 'off' : 'on')",
  ]);
  expect(await second.exited).toBe(0);
  expect(second.output()).toMatch(/stopping a leftover PostgreSQL/);
  expect(second.output()).toMatch(/command ran with a database and telemetry off/);
  // And it stopped its own server cleanly on the way out.
  expect(existsSync(`${dataDir}/pg/postmaster.pid`)).toBe(false);
});

it("lets a second command share the server a live launcher owns, and leaves it running", async () => {
  const port = String(await findFreePort());
  const owner = launch(["--port", port, "--", "sleep", "20"]);
  // Start the second one as soon as the first has claimed the directory, while its server may
  // still be starting.
  await waitFor(() => existsSync(`${dataDir}/launcher.json`));
  const guest = launch(["--port", port, "--", "node", "-e", "console.log('guest ran')"]);
  expect(await guest.exited).toBe(0);
  expect(guest.output()).toMatch(/sharing the embedded PostgreSQL/);
  expect(guest.output()).toMatch(/guest ran/);
  expect(guest.output()).not.toMatch(/leftover/);
  // The owner's server is still up after the guest left.
  expect(existsSync(`${dataDir}/pg/postmaster.pid`)).toBe(true);
  owner.child.kill("SIGTERM");
  expect(await owner.exited).toBe(0);
  expect(existsSync(`${dataDir}/pg/postmaster.pid`)).toBe(false);
});
