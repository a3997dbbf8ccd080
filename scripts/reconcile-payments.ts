// npm run payments:reconcile [-- --days 3 --settle-minutes 10 --workspace <id>]: compares the payment provider's
// payments (Stripe, or the test-mode stand-in) with the grants, mends every difference it can
// (a payment with no grant, a purchase left pending, an auto top-up never charged) and lists the
// ones a person must look at. Safe to run repeatedly, and alongside the app's scheduled run.
// Exits 1 when something needs a person (a payment that matches no purchase or differs from it).
import { parseArgs } from "node:util";
import { createDatabase } from "../db";
import { systemClock } from "../lib/clock";
import { reconcilePayments } from "../lib/payments/reconcile";

const { values } = parseArgs({
  options: {
    days: { type: "string", default: "3" },
    "settle-minutes": { type: "string", default: "10" },
    workspace: { type: "string" },
  },
});
const days = Number(values.days);
const settleMinutes = Number(values["settle-minutes"]);
if (!(days > 0 && days <= 90) || !(settleMinutes >= 0 && settleMinutes <= 24 * 60)) {
  console.error("--days must be between 0 and 90, --settle-minutes between 0 and 1440.");
  process.exit(2);
}
if (
  values.workspace &&
  !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(values.workspace)
) {
  console.error(`--workspace must be a workspace id (a UUID), got ${values.workspace}`);
  process.exit(2);
}
const url = process.env.DATABASE_URL;
if (!url) {
  console.error(
    "DATABASE_URL is not set (run this through `npm run payments:reconcile`, which provides it).",
  );
  process.exit(2);
}
const db = createDatabase(url, { max: 2 });
try {
  const report = await reconcilePayments(
    { db, clock: systemClock },
    {
      lookbackMs: days * 24 * 60 * 60_000,
      settleAfterMs: settleMinutes * 60_000,
      ...(values.workspace ? { workspaceId: values.workspace } : {}),
    },
  );
  if (report.skipped) console.log("reconciliation: another run is in progress; nothing done");
  console.log(
    `reconciliation: ${report.paymentsChecked} provider payments and ${report.purchasesChecked} purchases checked, ` +
      `${report.repairs.length} repaired, ${report.mismatches.length} to look at, ${report.stillOpen} still open`,
  );
  for (const repair of report.repairs)
    console.log(
      `  repaired ${repair.action}: purchase ${repair.purchaseId} (${repair.credits} credits): ${repair.detail}`,
    );
  for (const mismatch of report.mismatches)
    console.log(
      `  look at ${mismatch.reason}: payment ${mismatch.paymentId} (${mismatch.amountCents} ${mismatch.currency}), purchase ${mismatch.purchaseId ?? "none"}`,
    );
  if (report.mismatches.length) process.exitCode = 1;
} finally {
  await db.$client.end();
}
