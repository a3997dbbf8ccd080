// What npm run test:faults checks once the faults are over: every acknowledged operation is in the
// ledger exactly once with what the client was told, lost webhooks are reconciled once, replays
// charge nothing, ledger:verify holds, the app serves again and no secret reached its log.
import { readFileSync } from "node:fs";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db";
import { creditPurchases, ledgerEntries } from "../../db/schema";
import { systemClock } from "../../lib/clock";
import { verifyLedger } from "../../lib/ledger/verify";
import { reconcilePayments } from "../../lib/payments/reconcile";
import { testModeProvider } from "../../lib/payments/test-mode-provider";
import { DATA_DIR, log, NEXTAUTH_SECRET, send, sendWebhook, type Failures } from "./app";
import type { LoadResult } from "./types";

export type CheckTarget = {
  base: string;
  db: Database;
  workspaceId: string;
  apiKey: { key: string; secretHash: string };
  webhookSecret: string;
  failures: Failures;
  /** The app logs to search for secrets (default: the fault suite's one app log). */
  logFiles?: string[];
  /**
   * The app's own scheduler reconciled during the load (the scale test runs it): some lost webhooks
   * are mended already, so this run may grant fewer; the ledger check still wants each exactly once.
   */
  appReconciles?: boolean;
};

export async function checkAfterFaults(target: CheckTarget, load: LoadResult): Promise<void> {
  await checkReconciliation(target, load);
  const entries = await checkLedger(target, load);
  await checkReplays(target, load, entries);
  const violations = await verifyLedger(target.db);
  for (const v of violations) target.failures.fail(`ledger:verify ${v.check}: ${v.detail}`);
  const counts = load.acknowledged.reduce<Record<string, number>>(
    (all, a) => ({ ...all, [a.kind]: (all[a.kind] ?? 0) + 1 }),
    {},
  );
  log(
    `checked ${JSON.stringify(counts)} against the ledger; ledger:verify ${violations.length === 0 ? "holds" : "FAILED"}`,
  );

  // The app serves again without any manual step.
  const balance = await fetch(`${target.base}/api/v1/balance`, {
    headers: { authorization: `Bearer ${target.apiKey.key}` },
    signal: AbortSignal.timeout(20_000),
  });
  if (balance.status !== 200) target.failures.fail(`the app answers ${balance.status} after the faults`);
  else log("the app serves again");
  checkLogHasNoSecret(target);
}

/** The payments whose webhook never came: reconciliation grants each once, then has nothing to do. */
async function checkReconciliation(
  { db, workspaceId, failures, appReconciles }: CheckTarget,
  load: LoadResult,
) {
  const reconcile = () =>
    reconcilePayments(
      { db, clock: systemClock, provider: testModeProvider },
      { workspaceId, settleAfterMs: 0 },
    );
  const reconciled = await reconcile();
  const granted = reconciled.repairs.filter((r) => r.action === "granted").length;
  const grantedRight = appReconciles
    ? granted <= load.lostWebhooks.length
    : granted === load.lostWebhooks.length;
  if (!grantedRight || reconciled.mismatches.length > 0)
    failures.fail(
      `reconciliation granted ${granted} of ${load.lostWebhooks.length} lost webhooks (${JSON.stringify(reconciled.mismatches)})`,
    );
  // Every lost one is applied (checkLedger: each exactly once); at most the uncertain ones besides.
  const reversed = reconciled.reversals.applied.length;
  const lost = load.lostReversals.length;
  const most = lost + load.uncertainReversals;
  if (appReconciles ? reversed > most : reversed < lost || reversed > most)
    failures.fail(
      `reconciliation applied ${reversed} refunds and disputes: ${lost} were lost and ${load.uncertainReversals} uncertain`,
    );
  const again = await reconcile();
  if (again.repairs.length > 0 || again.reversals.applied.length > 0)
    failures.fail(
      `a second reconciliation repaired ${again.repairs.length} more and applied ${again.reversals.applied.length} reversals`,
    );
  log(
    appReconciles
      ? // The instances' own reconciliation ran during the load, so this run finds what is left of it.
        `reconciliation after the load granted ${granted} of the ${load.lostWebhooks.length} purchases and applied ${reversed} refunds and disputes (${lost} had lost their webhook, ${load.uncertainReversals} were uncertain; the instances' own runs had done the rest, and checkLedger counts each once), and a second run found nothing`
      : `reconciliation granted the ${load.lostWebhooks.length} purchases and applied the ${lost} refunds and disputes whose webhook was lost (${reversed - lost} more of ${load.uncertainReversals} written while the database went away), and a second run found nothing`,
  );
}

/** Every acknowledged operation is in the ledger exactly once, with what the client was told. */
async function checkLedger({ db, workspaceId, failures }: CheckTarget, load: LoadResult): Promise<number> {
  const entries = await db
    .select({ key: ledgerEntries.idempotencyKey, amount: ledgerEntries.amount, code: ledgerEntries.code })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.workspaceId, workspaceId));
  const byKey = new Map<string, { amount: number; code: string }[]>();
  for (const e of entries) byKey.set(e.key, [...(byKey.get(e.key) ?? []), e]);
  for (const key of load.lostWebhooks) {
    const found = byKey.get(key) ?? [];
    if (found.length !== 1 || found[0]?.amount !== 500)
      failures.fail(`reconciled purchase ${key}: ${JSON.stringify(found)}`);
  }
  // A refund or lost dispute takes all of its purchase's 500 credits back, once.
  for (const key of load.lostReversals) {
    const found = byKey.get(key) ?? [];
    if (found.length !== 1 || found[0]?.amount !== -500)
      failures.fail(`reconciled reversal ${key}: ${JSON.stringify(found)}`);
  }
  for (const a of load.acknowledged) {
    const found = byKey.get(a.key) ?? [];
    const [entry] = found;
    if (found.length !== 1 || !entry) failures.fail(`${a.kind} ${a.key}: ${found.length} ledger entries`);
    else if (Math.abs(entry.amount) !== a.credits)
      failures.fail(`${a.kind} ${a.key}: told ${a.credits}, ledger has ${entry.amount}`);
  }
  const paidPurchases = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(creditPurchases)
    .where(and(eq(creditPurchases.workspaceId, workspaceId), eq(creditPurchases.status, "paid")));
  const purchasesAcked = load.acknowledged.filter((a) => a.kind === "purchase").length;
  if ((paidPurchases[0]?.n ?? 0) < purchasesAcked)
    failures.fail(`${purchasesAcked} purchases acknowledged, ${paidPurchases[0]?.n} paid`);
  return entries.length;
}

/** Repeating acknowledged requests replays them: nothing is charged or granted twice. */
async function checkReplays(target: CheckTarget, load: LoadResult, entriesBefore: number) {
  const { base, failures } = target;
  // Operations acknowledged without a body of their own (the scale test's batch records) are checked
  // in the ledger by key, not replayed one by one.
  for (const a of load.acknowledged.filter((op) => op.body !== null).slice(0, 200)) {
    const deadline = Date.now() + 10_000;
    const replay =
      a.kind === "purchase" || a.kind === "refund" || a.kind === "dispute"
        ? await sendWebhook(base, a.body as string, target.webhookSecret, deadline)
        : await send(base, a.path, { key: target.apiKey.key, body: a.body }, deadline);
    if (!replay || replay.status >= 300)
      failures.fail(`replay of ${a.kind} ${a.key}: ${JSON.stringify(replay)}`);
  }
  const [after] = await target.db
    .select({ n: sql<number>`count(*)::int` })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.workspaceId, target.workspaceId));
  const entriesAfter = after?.n ?? 0;
  if (entriesAfter !== entriesBefore)
    failures.fail(`replays wrote ${entriesAfter - entriesBefore} ledger entries`);
}

/** Through all of that (errors included), no secret reached the app's log. */
function checkLogHasNoSecret({ apiKey, webhookSecret, failures, logFiles }: CheckTarget) {
  const appLog = (logFiles ?? [`${DATA_DIR}/app.log`]).map((file) => readFileSync(file, "utf8")).join("\n");
  const secrets = {
    "API key": apiKey.key,
    "API key hash": apiKey.secretHash,
    NEXTAUTH_SECRET,
    "webhook secret": webhookSecret,
  };
  for (const [name, value] of Object.entries(secrets)) {
    if (appLog.includes(value)) failures.fail(`the app's log contains the ${name}`);
  }
  log(`no secret in the app's log (${appLog.length.toLocaleString("en-US")} characters checked)`);
}
