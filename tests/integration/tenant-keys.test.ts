// Ready for a distributed PostgreSQL (issue 21, docs/SCALING.md): read from the catalog, every table is
// either a tenant table, distributed by workspace_id, or a listed reference or coordinator table; a
// tenant table carries workspace_id in its primary key and in every unique index, and references
// another tenant table only through a key that carries it too. What breaks this is named, one line a
// table, index or foreign key, so a new migration's mistake reads as what to fix.
import postgres from "postgres";
import { afterAll, expect, inject, it } from "vitest";
import { scratchDatabases } from "../support/scratch-databases";

/**
 * Replicated to every node (Citus reference tables): small, read with tenant rows, written rarely.
 * Tenant tables may reference them; they may never reference a tenant table.
 */
const REFERENCE_TABLES: Record<string, string> = {
  workspaces:
    "the tenants themselves: slugs and Stripe customer and subscription ids are unique across all of them",
  users: "people belong to several workspaces; emails are unique across all of them",
  auth_accounts: "sign-in: a provider's account belongs to a user, not to a workspace",
  auth_sessions: "sign-in: a session belongs to a user, not to a workspace",
  auth_verification_tokens: "sign-in: magic links, before any workspace is known",
  rate_card: "prices of every workspace, read by every spend",
};

/** Only on the coordinator (Citus local tables): counters and logs that are never joined with tenant rows. */
const COORDINATOR_TABLES: Record<string, string> = {
  sign_in_throttle: "sign-in failures per email, before any workspace is known",
  request_limits: "public-door limits per network address and email",
  stripe_events: "Stripe event ids already handled: the webhook checks them before it knows the workspace",
};

/** Tenant tables whose identity is a unique key rather than a primary key (it holds a nullable column). */
const WITHOUT_PRIMARY_KEY: Record<string, string> = {
  usage_daily:
    "usage_daily_key: (workspace, day, member, API key, feature, model), NULLS NOT DISTINCT over member and key",
  usage_daily_totals:
    "usage_daily_totals_key: (workspace, day, API key, feature, model), NULLS NOT DISTINCT over the key",
  usage_daily_members:
    "usage_daily_members_key: (workspace, day, member), NULLS NOT DISTINCT over the member",
};

type Table = { name: string; hasWorkspaceId: boolean };
type Key = { table: string; name: string; kind: "primary key" | "unique index"; columns: string[] };
type ForeignKey = {
  table: string;
  name: string;
  columns: string[];
  target: string;
  targetColumns: string[];
};

/** Every rule above that the database in `sql` breaks, as sentences naming the table and the object. */
async function tenantKeyViolations(sql: postgres.Sql): Promise<string[]> {
  const tables = await sql<Table[]>`
    select c.relname as name,
           exists (select 1 from pg_attribute a
                    where a.attrelid = c.oid and a.attname = 'workspace_id' and not a.attisdropped) as "hasWorkspaceId"
      from pg_class c
     where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
     order by 1`;
  // Key columns only (not INCLUDE columns); an expression reads "expression".
  const keys = await sql<Key[]>`
    select t.relname as table, ix.relname as name,
           case when i.indisprimary then 'primary key' else 'unique index' end as kind,
           array(select coalesce(a.attname::text, 'expression')
                   from unnest((i.indkey::int2[])[0:i.indnkeyatts - 1]) with ordinality k(attnum, n)
                   left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
                  order by k.n) as columns
      from pg_index i
      join pg_class t on t.oid = i.indrelid
      join pg_class ix on ix.oid = i.indexrelid
     where t.relnamespace = 'public'::regnamespace and (i.indisunique or i.indisprimary)
     order by 1, 2`;
  const foreignKeys = await sql<ForeignKey[]>`
    select c.conrelid::regclass::text as table, c.conname as name, c.confrelid::regclass::text as target,
           array(select a.attname from unnest(c.conkey) with ordinality k(attnum, n)
                   join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.n) as columns,
           array(select a.attname from unnest(c.confkey) with ordinality k(attnum, n)
                   join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum order by k.n)
             as "targetColumns"
      from pg_constraint c
     where c.contype = 'f' and c.connamespace = 'public'::regnamespace
     order by 1, 2`;

  const kindOf = (table: string) =>
    table in REFERENCE_TABLES ? "reference" : table in COORDINATOR_TABLES ? "coordinator" : "tenant";
  const list = (columns: string[]) => `(${columns.join(", ")})`;
  const violations: string[] = [];
  const withoutWorkspaceId = new Set(
    tables.filter((table) => !table.hasWorkspaceId).map((table) => table.name),
  );

  for (const table of tables) {
    if (kindOf(table.name) !== "tenant") continue;
    if (!table.hasWorkspaceId) {
      violations.push(
        `${table.name}: has no workspace_id and is not a listed reference or coordinator table`,
      );
      continue;
    }
    const hasPrimaryKey = keys.some((key) => key.table === table.name && key.kind === "primary key");
    if (!hasPrimaryKey && !(table.name in WITHOUT_PRIMARY_KEY)) {
      violations.push(`${table.name}: has no primary key`);
    }
  }
  for (const key of keys) {
    if (kindOf(key.table) !== "tenant" || withoutWorkspaceId.has(key.table)) continue;
    if (key.columns.includes("workspace_id")) continue;
    violations.push(`${key.table}: ${key.kind} ${key.name} ${list(key.columns)} lacks workspace_id`);
  }
  for (const fk of foreignKeys) {
    const from = kindOf(fk.table);
    const to = kindOf(fk.target);
    const described = `foreign key ${fk.name} ${list(fk.columns)} → ${fk.target} ${list(fk.targetColumns)}`;
    if (from === "tenant" && to === "tenant") {
      const at = fk.columns.indexOf("workspace_id");
      if (at === -1 || fk.targetColumns[at] !== "workspace_id") {
        violations.push(`${fk.table}: ${described} does not carry workspace_id on both sides`);
      }
    } else if (to === "tenant" || (from === "tenant" && to === "coordinator")) {
      violations.push(`${fk.table}: ${described} goes from a ${from} table to a ${to} table`);
    }
  }
  return violations;
}

const scratch = scratchDatabases("tenantkeys");

const connect = scratch.connect;

afterAll(async () => {
  await scratch.dropAll();
});

it("keeps workspace_id in every tenant table's primary key, unique indexes and foreign keys", async () => {
  const sql = connect(inject("databaseUrl"));
  expect(await tenantKeyViolations(sql)).toEqual([]);

  // The lists name tables that exist: a table renamed or dropped leaves no stale exemption behind.
  const names = (
    await sql<{ name: string }[]>`
    select relname as name from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p')`
  ).map((row) => row.name);
  for (const table of [
    ...Object.keys(REFERENCE_TABLES),
    ...Object.keys(COORDINATOR_TABLES),
    ...Object.keys(WITHOUT_PRIMARY_KEY),
  ]) {
    expect(names).toContain(table);
  }
});

it("names each new table, index and foreign key that breaks the rules", async () => {
  const sql = connect((await scratch.create()).url);
  await sql.unsafe(`
    CREATE TABLE citus_bad_global (id uuid PRIMARY KEY, label text);
    CREATE TABLE citus_bad_parent (id uuid PRIMARY KEY, workspace_id uuid NOT NULL REFERENCES workspaces);
    CREATE TABLE citus_bad_child (
      id uuid NOT NULL,
      workspace_id uuid NOT NULL,
      parent_id uuid REFERENCES citus_bad_parent (id),
      PRIMARY KEY (id, workspace_id)
    );
    CREATE TABLE citus_bad_keyless (workspace_id uuid NOT NULL, note text);
    CREATE UNIQUE INDEX citus_bad_prefix ON api_keys (prefix);
    CREATE UNIQUE INDEX citus_bad_lower_email ON invitations (lower(email)) WHERE accepted_at IS NULL;
    ALTER TABLE stripe_events ADD COLUMN lot_id uuid, ADD COLUMN workspace_id uuid,
      ADD FOREIGN KEY (lot_id, workspace_id) REFERENCES credit_lots (id, workspace_id);`);

  expect(await tenantKeyViolations(sql)).toEqual([
    "citus_bad_global: has no workspace_id and is not a listed reference or coordinator table",
    "citus_bad_keyless: has no primary key",
    "api_keys: unique index citus_bad_prefix (prefix) lacks workspace_id",
    "citus_bad_parent: primary key citus_bad_parent_pkey (id) lacks workspace_id",
    "invitations: unique index citus_bad_lower_email (expression) lacks workspace_id",
    "citus_bad_child: foreign key citus_bad_child_parent_id_fkey (parent_id) → citus_bad_parent (id) does not carry workspace_id on both sides",
    "stripe_events: foreign key stripe_events_lot_id_workspace_id_fkey (lot_id, workspace_id) → credit_lots (id, workspace_id) goes from a coordinator table to a tenant table",
  ]);
});
