// What npm run test:scale checks beyond the fault suite's own checks (scripts/faults/checks.ts): the
// scheduler's work was done once across three instances, notifications were delivered once, each
// auto top-up was charged and granted once, reconciliation never ran on two instances at once, the
// per-key rate limit holds within its documented total, and a removed member cannot spend anywhere.
import { readFileSync } from "node:fs";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../db";
import { creditPurchases, ledgerEntries, notificationDeliveries } from "../../db/schema";
import type { Failures } from "../faults/app";
import { LIMITED_KEY } from "./setup";
import { log, sleep } from "./infra";

/** Each due workspace got its daily free credits, or its monthly subscription grant, exactly once. */
export async function checkGrants(
  db: Database,
  failures: Failures,
  due: { free: string[]; subscribed: string[] },
): Promise<void> {
  const count = async (ids: string[], code: "grant_free" | "grant_subscription") => {
    const rows = await db
      .select({ workspaceId: ledgerEntries.workspaceId, n: sql<number>`count(*)::int` })
      .from(ledgerEntries)
      .where(and(inArray(ledgerEntries.workspaceId, ids), eq(ledgerEntries.code, code)))
      .groupBy(ledgerEntries.workspaceId);
    const byWorkspace = new Map(rows.map((r) => [r.workspaceId, r.n]));
    for (const id of ids)
      if (byWorkspace.get(id) !== 1)
        failures.fail(`workspace ${id}: ${byWorkspace.get(id) ?? 0} ${code} entries, expected 1`);
  };
  await count(due.free, "grant_free");
  await count(due.subscribed, "grant_subscription");
  log(
    `grants: ${due.free.length} daily free grants and ${due.subscribed.length} monthly subscription grants, each made once`,
  );
}

/**
 * Waits until nothing is pending (outbox deliveries, auto top-up attempts), at most `ms`; then says
 * what is still pending (the checks after it fail on it by name).
 */
export async function settle(db: Database, ms: number): Promise<void> {
  const until = Date.now() + ms;
  let left = "";
  while (Date.now() < until) {
    const [deliveries] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(notificationDeliveries)
      .where(eq(notificationDeliveries.status, "pending"));
    const [purchases] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(creditPurchases)
      .where(and(eq(creditPurchases.kind, "auto_top_up"), eq(creditPurchases.status, "pending")));
    if ((deliveries?.n ?? 0) === 0 && (purchases?.n ?? 0) === 0) return;
    left = `${deliveries?.n} deliveries and ${purchases?.n} auto top-ups pending`;
    await sleep(1_000);
  }
  log(`settle: still ${left} after ${ms} ms`);
}

/** Every notification was delivered (email: to the local outbox) and by exactly one successful attempt. */
export async function checkNotifications(db: Database, failures: Failures): Promise<void> {
  const rows = await db.execute<{ id: string; status: string; succeeded: number; emails: number }>(sql`
    select d.id, d.status::text as status,
      (select count(*)::int from delivery_attempts a where a.delivery_id = d.id and a.succeeded) as succeeded,
      (select count(*)::int from local_emails e where e.delivery_id = d.id) as emails
    from notification_deliveries d where d.channel = 'email'`);
  let sent = 0;
  for (const row of rows) {
    if (row.status !== "sent") failures.fail(`delivery ${row.id} is ${row.status}`);
    else sent += 1;
    if (row.succeeded !== 1 || row.emails !== 1)
      failures.fail(`delivery ${row.id}: ${row.succeeded} successful attempts, ${row.emails} emails`);
  }
  if (rows.length === 0) failures.fail("no notification was made: the check checked nothing");
  log(`notifications: ${sent} of ${rows.length} email deliveries sent, each once`);
}

/**
 * Auto top-up: at least one crossing was topped up; every attempt ended (paid), each paid one is
 * granted by exactly one ledger entry; attempts never overlapped (one open attempt per workspace).
 */
export async function checkAutoTopUps(db: Database, failures: Failures, workspaceId: string): Promise<void> {
  const attempts = await db
    .select()
    .from(creditPurchases)
    .where(and(eq(creditPurchases.workspaceId, workspaceId), eq(creditPurchases.kind, "auto_top_up")))
    .orderBy(creditPurchases.createdAt);
  const paid = attempts.filter((a) => a.status === "paid");
  if (paid.length === 0) failures.fail("no auto top-up was made: the spends never crossed the threshold");
  for (const a of attempts) if (a.status !== "paid") failures.fail(`auto top-up ${a.id} ended ${a.status}`);
  const entryIds = paid.map((a) => a.ledgerEntryId).filter((id): id is number => id !== null);
  if (new Set(entryIds).size !== paid.length)
    failures.fail(`${paid.length} paid auto top-ups but ${new Set(entryIds).size} distinct ledger entries`);
  const grants = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from ledger_entries
    where workspace_id = ${workspaceId}::uuid and amount > 0
      and id in (select ledger_entry_id from credit_purchases where workspace_id = ${workspaceId}::uuid and kind = 'auto_top_up')`);
  if ((grants[0]?.n ?? 0) !== paid.length)
    failures.fail(`${paid.length} paid auto top-ups, ${grants[0]?.n} top-up grants`);
  for (let i = 1; i < attempts.length; i += 1) {
    const before = attempts[i - 1];
    const at = attempts[i];
    if (before?.paidAt && at && at.createdAt < before.paidAt)
      failures.fail(`auto top-up ${at.id} started while ${before.id} was still open`);
  }
  log(`auto top-up: ${paid.length} crossings, each topped up once (${attempts.length} attempts)`);
}

/**
 * Reconciliation never ran on two instances at once: each run logs when its work ran inside the lock
 * ("creditpool reconciliation: ran FROM..TO", lib/jobs/worker.ts); across every instance's log no two
 * runs overlap. (pg-boss's own started_on/completed_on are transaction-start times, which may
 * overlap by the moment a job's fetch waited for the previous job's completion to commit.)
 */
export async function checkReconciliationRuns(logFiles: string[], failures: Failures): Promise<void> {
  const runs: { from: number; to: number; file: string }[] = [];
  let skipped = 0;
  for (const file of logFiles) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/creditpool reconciliation: ran (\d+)\.\.(\d+)/g))
      runs.push({ from: Number(match[1]), to: Number(match[2]), file });
    skipped += text.match(/creditpool reconciliation: skipped/g)?.length ?? 0;
  }
  runs.sort((a, b) => a.from - b.from);
  for (let i = 1; i < runs.length; i += 1) {
    const before = runs[i - 1];
    const run = runs[i];
    if (before && run && run.from < before.to)
      failures.fail(`reconciliation in ${run.file} started before the one in ${before.file} had finished`);
  }
  const instances = new Set(runs.map((r) => r.file)).size;
  if (runs.length < 2) failures.fail(`only ${runs.length} reconciliation runs: the check checked little`);
  log(
    `reconciliation: ${runs.length} runs on ${instances} instances (${skipped} skipped), never two at once`,
  );
}

/**
 * The per-key bucket is per instance: a key with burst B gets at most 3·B (plus the refill) through
 * three instances in a quick burst of requests, and refusals say 429 with Retry-After.
 */
export async function checkRateLimit(base: string, key: string, failures: Failures): Promise<void> {
  const started = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: 40 }, () =>
      fetch(`${base}/api/v1/balance`, {
        headers: { authorization: `Bearer ${key}` },
        signal: AbortSignal.timeout(20_000),
      }).then(
        async (response) => {
          await response.arrayBuffer();
          return response.status;
        },
        () => 0,
      ),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const ok = statuses.filter((s) => s === 200).length;
  const refused = statuses.filter((s) => s === 429).length;
  const ceiling = 3 * (LIMITED_KEY.burst + Math.ceil(seconds * LIMITED_KEY.perSecond));
  if (ok > ceiling || ok + refused !== statuses.length || refused === 0)
    failures.fail(
      `rate limit: ${ok} passed, ${refused} refused of 40 (ceiling ${ceiling}): ${statuses.join(",")}`,
    );
  log(
    `rate limit: ${ok} of 40 passed (burst ${LIMITED_KEY.burst} per instance, ceiling ${ceiling}), ${refused} got 429`,
  );
}

/**
 * The member cache: every instance has seen the member (it is remembered for 5 s), the member is
 * removed, and at once no instance lets them spend, and nothing reaches the ledger.
 */
export async function checkRemovedMember(
  db: Database,
  failures: Failures,
  options: { instances: string[]; key: string; workspaceId: string; membershipId: string },
): Promise<void> {
  const spendOn = (base: string) =>
    fetch(`${base}/api/v1/usage`, {
      method: "POST",
      headers: { authorization: `Bearer ${options.key}`, "content-type": "application/json" },
      body: JSON.stringify({
        idempotencyKey: crypto.randomUUID(),
        member: options.membershipId,
        feature: "image",
        model: "imagine-standard",
        results: 1,
      }),
      signal: AbortSignal.timeout(20_000),
    }).then(async (response) => ({ status: response.status, body: await response.text() }));
  for (const base of options.instances) {
    const warm = await spendOn(base);
    if (warm.status !== 201 && warm.status !== 200)
      failures.fail(`member cache: warm-up spend on ${base} answered ${warm.status} ${warm.body}`);
  }
  const [before] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.workspaceId, options.workspaceId));
  await db.execute(sql`update memberships set removed_at = now() where id = ${options.membershipId}::uuid`);
  for (const base of options.instances) {
    const after = await spendOn(base);
    if (after.status < 400) failures.fail(`member cache: a removed member spent on ${base}: ${after.body}`);
  }
  const [afterCount] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.workspaceId, options.workspaceId));
  if (afterCount?.n !== before?.n)
    failures.fail("member cache: the removed member's spends reached the ledger");
  log(`member cache: a removed member was refused on all ${options.instances.length} instances at once`);
}
