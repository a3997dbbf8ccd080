// One round trip for a parameterised statement the app runs again and again. drizzle's `db.execute`
// sends every statement unnamed, and the `postgres` driver then asks the server for the parameter
// types first (Parse + Describe, wait, then Bind + Execute): two round trips a call. A named statement
// is described once per connection and then costs one. The ledger's calls are a handful of fixed
// texts (`select cp_debit($1, ...)`), so the driver's per-connection cache of them stays small.
// Through a transaction pooler (`prepare: false` on the pool, lib/db.ts) the driver ignores the
// request and sends the statement unnamed as before.
import "server-only";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Database } from "./index";

const dialect = new PgDialect({ casing: "snake_case" });

/** Runs `statement` on `db` as a named prepared statement (unnamed through a pooler): its rows. */
export async function executePrepared<T extends Record<string, unknown>>(
  db: Database,
  statement: SQL,
): Promise<T[]> {
  const { sql, params } = dialect.sqlToQuery(statement);
  return db.$client.unsafe<T[]>(sql, params as never[], { prepare: true });
}
