// The live SQL is db/functions: a migrated database holds exactly the functions and triggers those
// files define, as they define them, and no migration after the frozen history defines any.
import { readFileSync } from "node:fs";
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, expect, it } from "vitest";
import { applyFunctions, MIGRATIONS_FOLDER } from "@/db/migrate";
import { scratchDatabases } from "../support/scratch-databases";

const scratch = scratchDatabases("sqlfn");

const connect = scratch.connect;

afterAll(async () => {
  await scratch.dropAll();
});

/** Every function of the public schema and every user trigger on its tables, as PostgreSQL prints them. */
async function liveSql(client: postgres.Sql) {
  const functions = await client<{ name: string; definition: string }[]>`
    select p.oid::regprocedure::text as name, pg_get_functiondef(p.oid) as definition
      from pg_proc p where p.pronamespace = 'public'::regnamespace order by 1`;
  const triggers = await client<{ name: string; definition: string }[]>`
    select t.tgrelid::regclass::text || '.' || t.tgname as name, pg_get_triggerdef(t.oid) as definition
      from pg_trigger t join pg_class c on c.oid = t.tgrelid
     where c.relnamespace = 'public'::regnamespace and not t.tgisinternal order by 1`;
  return {
    functions: Object.fromEntries(functions.map((f) => [f.name, f.definition])),
    triggers: Object.fromEntries(triggers.map((t) => [t.name, t.definition])),
  };
}

it("holds exactly the functions and triggers of db/functions, as the files define them", async () => {
  const migrated = connect((await scratch.create()).url);

  // The files alone: the tables from the migrations, every function (and with it every trigger)
  // the migrations made dropped, then db/functions applied.
  const filesOnly = connect((await scratch.create({ migrate: false })).url);
  await migrate(drizzle(filesOnly), { migrationsFolder: MIGRATIONS_FOLDER });
  await filesOnly.unsafe(`
    DO $$
    DECLARE f regprocedure;
    BEGIN
      FOR f IN SELECT oid::regprocedure FROM pg_proc WHERE pronamespace = 'public'::regnamespace LOOP
        EXECUTE format('DROP FUNCTION %s CASCADE', f);
      END LOOP;
    END $$`);
  expect(await liveSql(filesOnly)).toEqual({ functions: {}, triggers: {} });
  await applyFunctions(filesOnly);

  const fromFiles = await liveSql(filesOnly);
  expect(Object.keys(fromFiles.functions)).toContain("cp_debit_batch(uuid,jsonb,timestamp with time zone)");
  expect(Object.keys(fromFiles.triggers)).toContain("credit_accounts.credit_accounts_balance_alerts");
  expect(Object.keys(fromFiles.functions).every((name) => name.startsWith("cp_"))).toBe(true);
  expect(await liveSql(migrated)).toEqual(fromFiles);
});

it("changes nothing when applied again, by two processes at once", async () => {
  const { url } = await scratch.create();
  const before = await liveSql(connect(url));
  await Promise.all([applyFunctions(connect(url)), applyFunctions(connect(url))]);
  expect(await liveSql(connect(url))).toEqual(before);
});

// The migrations that created or replaced functions and triggers before db/functions existed: frozen
// history. Live SQL changes go into db/functions only, where the next migrate applies them after
// every migration; a migration that replaced a function would be overwritten by the file silently.
const FROZEN_FUNCTION_MIGRATIONS = [
  "0001_ledger_functions",
  "0003_removed_members_cannot_spend",
  "0007_batch_spend",
  "0008_set_based_batch_spend",
  "0009_leaner_spend",
  "0010_batch_without_quadratic_map",
  "0012_sync_alert_threshold",
  "0013_spend_in_three_statements",
  "0015_ledger_on_open_lots",
  "0017_credit_alerts_and_outbox_triggers",
  "0019_auto_top_up_trigger",
  "0021_usage_daily_rollup_triggers",
  "0022_batch_looks_up_keys_one_by_one",
  "0024_lookups_by_key",
];

it("has no migration but the frozen ones creating or changing functions and triggers", () => {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  const definesLiveSql =
    /\b(CREATE|ALTER)\s+(OR\s+REPLACE\s+)?(CONSTRAINT\s+)?(FUNCTION|TRIGGER|PROCEDURE)\b/i;
  const defining = journal.entries
    .map((entry) => entry.tag)
    .filter((tag) => definesLiveSql.test(readFileSync(path.join(MIGRATIONS_FOLDER, `${tag}.sql`), "utf8")));
  expect(defining).toEqual(FROZEN_FUNCTION_MIGRATIONS);
});
