// The scheduler: a pg-boss queue in the app's own PostgreSQL. A cron job every minute runs all
// due credit work; pg-boss makes sure only one instance runs it at a time, however many app
// instances there are, and the work itself is idempotent and catches up after downtime. A second
// queue sends the notification outbox every minute, as the safety net under the outbox runner,
// which sends at once when an event commits.
// Auto top-up: the spend trigger's pg_notify('cp_auto_top_up', purchaseId) queues a charge job at
// once; a sweep every minute queues any attempt the notification missed.
import "server-only";
import PgBoss from "pg-boss";
import { getDb, getDirectDb } from "@/lib/db";
import { getClock } from "@/lib/clock";
import { pruneRequestLimits } from "@/lib/auth/request-limits";
import { directDatabaseUrl } from "@/lib/env";
import { describeErrorForLog } from "@/lib/log/safe-error";
import { getLogger } from "@/lib/log/logger";
import { registerShutdown } from "@/lib/runtime/shutdown";
import { startOutboxRunner, type OutboxRunner } from "@/lib/notifications/runner";
import { reconcilePayments } from "@/lib/payments/reconcile";
import { runAutoTopUpAttempt, sweepAutoTopUps } from "@/lib/payments/auto-top-up-charge";
import { runDueCycles } from "./cycles";

export const CYCLES_QUEUE = "credit-cycles";
export const NOTIFICATIONS_QUEUE = "notification-deliveries";
export const AUTO_TOP_UP_QUEUE = "auto-top-up";
export const AUTO_TOP_UP_SWEEP_QUEUE = "auto-top-up-sweep";
export const RECONCILE_QUEUE = "payments-reconcile";
const AUTO_TOP_UP_CHANNEL = "cp_auto_top_up";

let boss: PgBoss | undefined;
let outbox: OutboxRunner | undefined;

/**
 * How long a job may stay active before pg-boss takes it back (pg-boss's default: 15 minutes). An
 * instance killed mid-job leaves its job active; on a singleton queue no other instance may start
 * one until it expires, so npm run test:scale saw reconciliation stop for the rest of the run after
 * one SIGKILL. Each of these jobs is safe to run again (cycles and sweeps are idempotent, a
 * reconciliation takes its own lock, an auto top-up charge is keyed by its attempt), so a job cut
 * short is retried within minutes. pg-boss expires jobs in its maintenance, every 30 s here.
 */
export const JOB_EXPIRE_SECONDS = {
  [CYCLES_QUEUE]: 300,
  [NOTIFICATIONS_QUEUE]: 120,
  [AUTO_TOP_UP_QUEUE]: 120,
  [AUTO_TOP_UP_SWEEP_QUEUE]: 120,
  [RECONCILE_QUEUE]: 300,
} as const;
const MAINTENANCE_SECONDS = 30;

type QueueName = keyof typeof JOB_EXPIRE_SECONDS;

/**
 * Creates the queue, or brings an existing one's options up to date: pg-boss's createQueue leaves
 * an existing queue as it was (a database made before the expiry was set keeps 15 minutes).
 */
export async function ensureQueue(
  queue: PgBoss,
  name: QueueName,
  options: Omit<PgBoss.Queue, "name" | "expireInSeconds">,
): Promise<void> {
  const settings = { name, ...options, expireInSeconds: JOB_EXPIRE_SECONDS[name] };
  await queue.createQueue(name, settings);
  await queue.updateQueue(name, settings);
}

/**
 * Starts the scheduler. Instances starting together on a fresh database deadlocked in pg-boss's
 * own set-up (its schema, queues and schedules: seen with three instances in npm run test:scale), so
 * the set-up runs under a session advisory lock on a direct connection, one instance at a time.
 */
export async function startWorker(): Promise<void> {
  if (boss) return;
  const session = await getDirectDb().$client.reserve();
  try {
    await session`select pg_advisory_lock(hashtext('creditpool: scheduler set-up'))`;
    try {
      await setUpWorker();
    } finally {
      await session`select pg_advisory_unlock(hashtext('creditpool: scheduler set-up'))`;
    }
  } finally {
    session.release();
  }
}

async function setUpWorker(): Promise<void> {
  // pg-boss holds sessions (LISTEN, advisory locks): the direct connection, never the pooler.
  const queue = new PgBoss({
    connectionString: directDatabaseUrl(),
    schema: "pgboss",
    max: 3,
    maintenanceIntervalSeconds: MAINTENANCE_SECONDS,
  });
  boss = queue;
  queue.on("error", (error) => getLogger().error(`creditpool scheduler: ${describeErrorForLog(error)}`));
  await queue.start();
  // On shutdown: take no new job, let the running ones finish (pg-boss retries any cut short on
  // another instance once its lease expires), then close pg-boss's own connections.
  registerShutdown("scheduler", () => queue.stop({ graceful: true, wait: true, timeout: 8_000 }));
  await ensureQueue(queue, CYCLES_QUEUE, {
    policy: "singleton",
    retryLimit: 3,
    retryDelay: 10,
  });
  await boss.schedule(CYCLES_QUEUE, "* * * * *", {}, { tz: "UTC" });
  await boss.work(CYCLES_QUEUE, async () => {
    const report = await runDueCycles({ db: getDb(), clock: getClock() });
    // Counters of the public doors' limits whose window ended a day ago.
    await pruneRequestLimits(getDb(), getClock().now());
    if (
      report.subscriptionGrants ||
      report.freeGrants ||
      report.expired ||
      report.holdsReleased ||
      report.subscriptionsEnded
    ) {
      getLogger().info(`creditpool scheduler: ${JSON.stringify(report)}`);
    }
  });
  // Run once at start so a restart catches up at once instead of at the next minute.
  await boss.send(CYCLES_QUEUE, {});

  outbox = await startOutboxRunner({ db: getDb(), clock: getClock() }, getDirectDb());
  const stopOutbox = outbox.stop;
  registerShutdown("outbox runner", stopOutbox);
  await ensureQueue(queue, NOTIFICATIONS_QUEUE, { policy: "singleton" });
  await boss.schedule(NOTIFICATIONS_QUEUE, "* * * * *", {}, { tz: "UTC" });
  const runner = outbox;
  await boss.work(NOTIFICATIONS_QUEUE, async () => {
    await runner.kick();
  });
  await startAutoTopUps(boss);
  await startReconciliation(boss);
}

// Every 10 minutes: payments the provider took without a grant here (a lost webhook), purchases
// left pending, auto top-ups never charged (lib/payments/reconcile.ts).
async function startReconciliation(queue: PgBoss): Promise<void> {
  await ensureQueue(queue, RECONCILE_QUEUE, { policy: "singleton" });
  await queue.schedule(RECONCILE_QUEUE, "*/10 * * * *", {}, { tz: "UTC" });
  await queue.work(RECONCILE_QUEUE, async () => {
    const report = await reconcilePayments({ db: getDb(), clock: getClock() }, { sessionDb: getDirectDb() });
    // One line a run (the scale test reads them to check runs never overlap across instances).
    console.log(
      report.ran
        ? `creditpool reconciliation: ran ${report.ran.from}..${report.ran.to}`
        : "creditpool reconciliation: skipped (another run holds the lock)",
    );
    for (const repair of report.repairs)
      getLogger().info(
        `creditpool reconciliation: ${repair.action} purchase ${repair.purchaseId}: ${repair.detail}`,
      );
    for (const mismatch of report.mismatches)
      getLogger().error(
        `creditpool reconciliation: payment ${mismatch.paymentId} needs a person (${mismatch.reason})`,
      );
  });
}

async function queueAutoTopUp(queue: PgBoss, purchaseId: string): Promise<void> {
  // One job per attempt even when several instances hear the same notification.
  await queue.send(AUTO_TOP_UP_QUEUE, { purchaseId }, { singletonKey: purchaseId });
}

async function startAutoTopUps(queue: PgBoss): Promise<void> {
  await ensureQueue(queue, AUTO_TOP_UP_QUEUE, {
    policy: "standard",
    retryLimit: 3,
    retryDelay: 5,
    retryBackoff: true,
  });
  await ensureQueue(queue, AUTO_TOP_UP_SWEEP_QUEUE, { policy: "singleton" });
  await queue.work<{ purchaseId: string }>(
    AUTO_TOP_UP_QUEUE,
    { pollingIntervalSeconds: 0.5 },
    async (jobs) => {
      for (const job of jobs) {
        const outcome = await runAutoTopUpAttempt({ db: getDb(), clock: getClock() }, job.data.purchaseId);
        getLogger().info({ purchaseId: job.data.purchaseId, outcome }, "creditpool auto top-up");
      }
    },
  );
  await queue.schedule(AUTO_TOP_UP_SWEEP_QUEUE, "* * * * *", {}, { tz: "UTC" });
  await queue.work(AUTO_TOP_UP_SWEEP_QUEUE, async () => {
    const { due, timedOut } = await sweepAutoTopUps({ db: getDb(), clock: getClock() });
    for (const purchaseId of due) await queueAutoTopUp(queue, purchaseId);
    if (due.length || timedOut)
      getLogger().info(`creditpool auto top-up sweep: ${JSON.stringify({ due, timedOut })}`);
  });
  await getDirectDb().$client.listen(AUTO_TOP_UP_CHANNEL, (purchaseId) => {
    queueAutoTopUp(queue, purchaseId).catch((error: unknown) =>
      getLogger().error(
        `creditpool auto top-up: could not queue ${purchaseId}: ${describeErrorForLog(error)}`,
      ),
    );
  });
  await queue.send(AUTO_TOP_UP_SWEEP_QUEUE, {});
}
