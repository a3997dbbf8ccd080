// Through PgBouncer in transaction mode the app's pool must send no named prepared statements (the
// next transaction may run on another server connection, which never saw the statement). The pool
// that getDb() builds for a pooler (DATABASE_DIRECT_URL set) is createDatabase(url, { prepare: false }):
// it leaves none behind on its connection, where the default pool does.
import { afterAll, expect, it } from "vitest";
import { inject } from "vitest";
import { sql } from "drizzle-orm";
import { createDatabase } from "@/db";
import { workspaces } from "@/db/schema";
import { databaseIsPooled, directDatabaseUrl } from "@/lib/env";

const pools: ReturnType<typeof createDatabase>[] = [];
afterAll(async () => {
  for (const pool of pools) await pool.$client.end();
});

async function namedStatementsAfterQueries(prepare: boolean | undefined): Promise<number> {
  const db = createDatabase(inject("databaseUrl"), { max: 1, ...(prepare === undefined ? {} : { prepare }) });
  pools.push(db);
  const lookup = db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(sql`${workspaces.slug} = ${sql.placeholder("slug")}`)
    .prepare("pooled_database_test_lookup");
  await lookup.execute({ slug: "nobody" });
  await db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(sql`${workspaces.slug} = ${"nobody"}`);
  // One connection (max: 1): this runs on the same session as the queries above.
  const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from pg_prepared_statements`);
  return row?.n ?? 0;
}

it("sends no prepared statements with prepare: false, as getDb() does behind a pooler", async () => {
  expect(await namedStatementsAfterQueries(false)).toBe(0);
  // The default (a direct connection) does prepare them: the check above can see one.
  expect(await namedStatementsAfterQueries(undefined)).toBeGreaterThan(0);
});

it("takes DATABASE_URL as a pooler only when a direct URL is set, and sends session work direct", () => {
  const saved = { ...process.env };
  try {
    process.env.DATABASE_URL = "postgres://u:p@127.0.0.1:6432/db";
    delete process.env.DATABASE_DIRECT_URL;
    expect(databaseIsPooled()).toBe(false);
    expect(directDatabaseUrl()).toBe("postgres://u:p@127.0.0.1:6432/db");
    process.env.DATABASE_DIRECT_URL = "postgres://u:p@127.0.0.1:5432/db";
    expect(databaseIsPooled()).toBe(true);
    expect(directDatabaseUrl()).toBe("postgres://u:p@127.0.0.1:5432/db");
  } finally {
    process.env = saved;
  }
});
