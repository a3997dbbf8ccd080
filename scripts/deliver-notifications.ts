// tsx --conditions=react-server scripts/deliver-notifications.ts [--workspace <id>] (with DATABASE_URL
// set, e.g. under scripts/with-db.ts): sends every notification delivery that is due
// now (emails and webhooks) and prints what it did. Safe to run while the app's worker runs too.
import { parseArgs } from "node:util";
import { createDatabase } from "../db";
import { systemClock } from "../lib/clock";
import { deliverDueNotifications } from "../lib/notifications/deliver";

const { values } = parseArgs({ options: { workspace: { type: "string" }, concurrency: { type: "string" } } });
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (run it under scripts/with-db.ts, which provides it).");
  process.exit(2);
}
const db = createDatabase(url, { max: 4 });
try {
  const report = await deliverDueNotifications(
    { db, clock: systemClock },
    {
      ...(values.workspace ? { workspaceId: values.workspace } : {}),
      ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
    },
  );
  console.log(`notifications: ${JSON.stringify(report)}`);
} finally {
  await db.$client.end();
}
