// npm run ledger:verify [-- --workspace <uuid>]: checks every ledger invariant; exits 1 on any violation.
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { CHECKS, verifyLedger } from "../lib/ledger/verify";

const { values } = parseArgs({ options: { workspace: { type: "string" } } });
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (run this through `npm run ledger:verify`, which provides it).");
  process.exit(2);
}

const client = postgres(url, { max: 1, onnotice: () => {}, connection: { TimeZone: "UTC" } });
try {
  const db = drizzle(client);
  const counts = await db.execute<{ workspaces: string; entries: string; lots: string }>(
    sql`select (select count(*) from credit_accounts) as workspaces, (select count(*) from ledger_entries) as entries,
            (select count(*) from credit_lots) as lots`,
  );
  const violations = await verifyLedger(db, { workspaceId: values.workspace });
  const c = counts[0];
  console.log(
    `ledger:verify: ${c?.workspaces} workspaces, ${c?.entries} entries, ${c?.lots} lots; ${CHECKS.length} checks`,
  );
  if (violations.length === 0) {
    console.log("ledger:verify: OK, every invariant holds");
  } else {
    const byCheck = new Map<string, typeof violations>();
    for (const v of violations) byCheck.set(v.check, [...(byCheck.get(v.check) ?? []), v]);
    for (const check of CHECKS) {
      const found = byCheck.get(check.name);
      if (!found) continue;
      console.log(
        `\nFAILED ${check.name}: ${check.description} (${found.length} violation${found.length === 1 ? "" : "s"})`,
      );
      for (const v of found.slice(0, 20)) console.log(`  workspace ${v.workspace}: ${v.detail}`);
      if (found.length > 20) console.log(`  ... and ${found.length - 20} more`);
    }
    console.log(`\nledger:verify: ${violations.length} violation(s)`);
    process.exitCode = 1;
  }
} finally {
  await client.end();
}
