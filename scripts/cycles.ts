// npm run cycles [-- --now <ISO time>]: runs all due credit work (monthly and daily grants,
// expiries, hold timeouts) as of that instant, then prints what it did. Safe to run repeatedly.
import { parseArgs } from "node:util";
import { createDatabase } from "../db";
import { manualClock, systemClock } from "../lib/clock";
import { runDueCycles } from "../lib/jobs/cycles";

const { values } = parseArgs({ options: { now: { type: "string" } } });
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (run this through `npm run cycles`, which provides it).");
  process.exit(2);
}
const at = values.now ? new Date(values.now) : null;
if (at && Number.isNaN(at.getTime())) {
  console.error(`--now must be an ISO time, e.g. 2027-01-31T00:00:00Z (got ${values.now})`);
  process.exit(2);
}
const db = createDatabase(url, { max: 2 });
try {
  const clock = at ? manualClock(at) : systemClock;
  const report = await runDueCycles({ db, clock });
  console.log(`cycles as of ${clock.now().toISOString()}: ${JSON.stringify(report)}`);
} finally {
  await db.$client.end();
}
