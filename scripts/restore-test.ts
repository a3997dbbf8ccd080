// npm run test:restore: a backup can be restored, to the second, with the binaries the app runs on.
// docs/DEPLOY.md ("Backups and restore") describes the procedure this script runs end to end on a
// throwaway embedded PostgreSQL:
//
//   1. WAL archiving on (archive_mode, archive_command copying each segment into an archive folder),
//   2. a base backup with the server running (pg_backup_start / copy the data directory /
//      pg_backup_stop, its backup_label written into the copy),
//   3. spends before the target instant T, then more spends after it (the "mistake"),
//   4. point-in-time recovery of the copy: recovery.signal, restore_command from the archive,
//      recovery_target_time = T, promote,
//   5. checks on the restored server: every spend before T is there, none after, the balance is the
//      one the primary had at T, ledger:verify holds.
//
// Options: --port N (the primary; the restored copy uses N+1). Default 54446.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { appendFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { createDatabase, type Database } from "../db";
import { startEmbeddedDatabase } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { systemClock } from "../lib/clock";
import { spend } from "../lib/ledger";
import { verifyLedger } from "../lib/ledger/verify";
import { createTeam } from "./faults/team";

const { values } = parseArgs({
  options: { port: { type: "string", default: process.env.RESTORE_TEST_PORT ?? "54446" } },
});
const PORT = Number(values.port);
const ROOT = path.resolve(".data/restore-test");
const PRIMARY = path.join(ROOT, "primary");
const RESTORED = path.join(ROOT, "restored");
const ARCHIVE = path.join(ROOT, "wal-archive");
const DATABASE = "restore";
const asRoot = process.getuid?.() === 0;

const log = (line: string) => console.log(`restore-test: ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** PostgreSQL runs as `postgres` when we are root: it must own what it reads and writes. */
const giveToPostgres = (dir: string) => {
  if (asRoot) execFileSync("chown", ["-R", "postgres", dir]);
};

async function spends(db: Database, team: { workspaceId: string; memberId: string }, n: number) {
  const keys: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const key = `restore-${randomUUID()}`;
    const outcome = await spend(
      { db, clock: systemClock },
      {
        workspaceId: team.workspaceId,
        membershipId: team.memberId,
        feature: "image",
        model: "imagine-standard",
        results: 1,
        idempotencyKey: key,
      },
    );
    if (!outcome.ok) throw new Error(`spend refused: ${outcome.code}`);
    keys.push(key);
  }
  return keys;
}

async function balanceOf(db: Database, workspaceId: string): Promise<number> {
  const rows = await db.execute<{ total: string }>(
    sql`select coalesce(sum(amount), 0)::text as total from ledger_entries where workspace_id = ${workspaceId}::uuid`,
  );
  return Number(rows[0]?.total ?? 0);
}

async function main(): Promise<number> {
  rmSync(ROOT, { recursive: true, force: true });
  mkdirSync(ARCHIVE, { recursive: true });
  giveToPostgres(ROOT);

  // 1. A primary with WAL archiving (archive_mode needs a restart).
  let primary = await startEmbeddedDatabase({
    dataDir: PRIMARY,
    port: PORT,
    database: DATABASE,
    log: () => {},
  });
  const admin = createDatabase(primary.url, { max: 1 });
  await admin.execute(sql.raw(`alter system set archive_mode = on`));
  await admin.execute(
    sql.raw(`alter system set archive_command = 'test ! -f ${ARCHIVE}/%f && cp %p ${ARCHIVE}/%f'`),
  );
  await admin.$client.end();
  await primary.stop();
  primary = await startEmbeddedDatabase({ dataDir: PRIMARY, port: PORT, database: DATABASE, log: () => {} });
  await runMigrations(primary.url);
  const db = createDatabase(primary.url, { max: 2 });
  const team = await createTeam(db, { credits: 1_000_000 });
  await spends(db, team, 20);

  // 2. The base backup, server running: one session from start to stop.
  const session = await db.$client.reserve();
  await session`select pg_backup_start('creditpool restore test', true)`;
  cpSync(path.join(PRIMARY, "pg"), path.join(RESTORED, "pg"), {
    recursive: true,
    filter: (source) =>
      !/postmaster\.(pid|opts)$/.test(source) && !/pg_wal\/.+/.test(source.slice(PRIMARY.length)),
  });
  const [stop] = await session<{ labelfile: string }[]>`select labelfile from pg_backup_stop(true)`;
  session.release();
  writeFileSync(path.join(RESTORED, "pg", "backup_label"), stop?.labelfile ?? "");
  mkdirSync(path.join(RESTORED, "pg", "pg_wal"), { recursive: true });
  log("base backup taken with the server running");

  // 3. Spends before T, then after it.
  const beforeT = await spends(db, team, 30);
  const balanceAtT = await balanceOf(db, team.workspaceId);
  await sleep(1_100);
  const [target] = await db.execute<{ t: string }>(sql`select now()::text as t`);
  await sleep(1_100);
  const afterT = await spends(db, team, 15);
  await db.execute(sql`select pg_switch_wal()`);
  await sleep(1_500); // the archiver copies the last segment
  await db.$client.end();
  await primary.stop();
  log(`${beforeT.length} spends before T = ${target?.t}, ${afterT.length} after; primary stopped`);

  // 4. Point-in-time recovery of the copy.
  writeFileSync(path.join(RESTORED, "pg", "recovery.signal"), "");
  appendFileSync(
    path.join(RESTORED, "pg", "postgresql.auto.conf"),
    [
      "archive_mode = off",
      `restore_command = 'cp ${ARCHIVE}/%f %p'`,
      `recovery_target_time = '${target?.t}'`,
      "recovery_target_action = 'promote'",
      "",
    ].join("\n"),
  );
  giveToPostgres(ROOT);
  const restored = await startEmbeddedDatabase({
    dataDir: RESTORED,
    port: PORT + 1,
    database: DATABASE,
    log: () => {},
  });
  const check = createDatabase(restored.url, { max: 1 });
  let failures = 0;
  try {
    // Promotion follows recovery: wait until the server takes writes.
    for (let i = 0; i < 100; i += 1) {
      const [row] = await check.execute<{ r: boolean }>(sql`select pg_is_in_recovery() as r`);
      if (!row?.r) break;
      await sleep(200);
    }
    const keys = new Set(
      (
        await check.execute<{ k: string }>(
          sql`select idempotency_key as k from ledger_entries where workspace_id = ${team.workspaceId}::uuid`,
        )
      ).map((r) => r.k),
    );
    const missing = beforeT.filter((k) => !keys.has(k)).length;
    const extra = afterT.filter((k) => keys.has(k)).length;
    const balance = await balanceOf(check, team.workspaceId);
    const violations = await verifyLedger(check);
    const fail = (message: string) => {
      failures += 1;
      console.error(`restore-test: FAILED ${message}`);
    };
    if (missing > 0) fail(`${missing} spends from before T are missing`);
    if (extra > 0) fail(`${extra} spends from after T came back`);
    if (balance !== balanceAtT) fail(`balance ${balance}, the primary had ${balanceAtT} at T`);
    for (const v of violations) fail(`ledger:verify ${v.check}: ${v.detail}`);
    log(
      `restored to T: ${beforeT.length} of ${beforeT.length} spends before T, ${extra} after, balance ${balance} (${balanceAtT} at T), ledger:verify ${violations.length === 0 ? "holds" : "FAILED"}`,
    );
  } finally {
    await check.$client.end();
    await restored.stop();
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => {
    if (code === 0) log("OK: the base backup and the WAL archive restore to the instant asked for");
    process.exit(code);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
