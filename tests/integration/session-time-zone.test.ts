// The app's connections read and write time in UTC whatever the server's own time zone is (an
// embedded PostgreSQL takes its host's TZ): found by `npm run test:calendar`, where a refusal's
// `resetsAt` came back as "2026-04-01T06:00:00+02:00" from a server started with TZ=Europe/Berlin.
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, expect, it } from "vitest";
import { createDatabase } from "@/db";
import { scratchDatabases } from "../support/scratch-databases";

const scratch = scratchDatabases("tz");

afterAll(() => scratch.dropAll());

it("uses UTC on a server whose default time zone is another", async () => {
  const { name, url } = await scratch.create({ migrate: false });
  await scratch.admin.unsafe(`alter database ${name} set timezone to 'Pacific/Auckland'`);

  const plain = postgres(url, { max: 1, onnotice: () => {} });
  const db = createDatabase(url, { max: 1 });
  try {
    // What a connection without the setting gets: the test would pass for nothing without this.
    expect((await plain`show timezone`)[0]?.TimeZone).toBe("Pacific/Auckland");
    const [row] = await db.execute<{ zone: string; text: string }>(
      sql`select current_setting('TimeZone') as zone, '2026-04-01T04:00:00Z'::timestamptz::text as text`,
    );
    expect(row).toEqual({ zone: "UTC", text: "2026-04-01 04:00:00+00" });
  } finally {
    await plain.end();
    await db.$client.end();
  }
});
