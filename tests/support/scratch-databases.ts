// Databases of their own, on the test run's PostgreSQL server, for tests that load the demo (its
// workspace slug is unique) or change a database's settings. Each test file makes its own set and
// drops it afterwards.
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";
import { runMigrations } from "@/db/migrate";

export type ScratchDatabases = {
  /** Creates a database (migrated unless told otherwise) and returns its URL. */
  create: (options?: { migrate?: boolean }) => Promise<{ name: string; url: string }>;
  /** A connection to the server's `postgres` database, for `alter database` and the like. */
  admin: postgres.Sql;
  /** A one-connection client to `url` (any database), closed by `dropAll`. */
  connect: (url: string) => postgres.Sql;
  /** Drops every database this set created, and closes the admin connection and every `connect`ed client. */
  dropAll: () => Promise<void>;
};

export function scratchDatabases(prefix: string): ScratchDatabases {
  const serverUrl = new URL(inject("databaseUrl"));
  const at = (database: string) => Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
  const admin = postgres(at("postgres"), { max: 1, onnotice: () => {} });
  const made: string[] = [];
  const clients: postgres.Sql[] = [];
  return {
    admin,
    connect(url) {
      const client = postgres(url, { max: 1, onnotice: () => {} });
      clients.push(client);
      return client;
    },
    async create({ migrate = true } = {}) {
      const name = `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
      made.push(name);
      await admin.unsafe(`create database ${name}`);
      const url = at(name);
      if (migrate) await runMigrations(url);
      return { name, url };
    },
    async dropAll() {
      await Promise.all(clients.map((client) => client.end()));
      for (const name of made) await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
