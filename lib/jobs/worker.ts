// The scheduler: a pg-boss queue in the app's own PostgreSQL. A cron job every minute runs all
// due credit work; pg-boss makes sure only one instance runs it at a time, however many app
// instances there are, and the work itself is idempotent and catches up after downtime. A second
// queue sends the notification outbox every minute, as the safety net under the outbox runner,
// which sends at once when an event commits.
import "server-only";
import PgBoss from "pg-boss";
import { getDb } from "@/db";
import { getClock } from "@/lib/clock";
import { requireDatabaseUrl } from "@/lib/env";
import { startOutboxRunner, type OutboxRunner } from "@/lib/notifications/runner";
import { runDueCycles } from "./cycles";

export const CYCLES_QUEUE = "credit-cycles";
export const NOTIFICATIONS_QUEUE = "notification-deliveries";

let boss: PgBoss | undefined;
let outbox: OutboxRunner | undefined;

export async function startWorker(): Promise<void> {
  if (boss) return;
  boss = new PgBoss({ connectionString: requireDatabaseUrl(), schema: "pgboss", max: 3 });
  boss.on("error", (error) => console.error("creditpool scheduler:", error));
  await boss.start();
  await boss.createQueue(CYCLES_QUEUE, {
    name: CYCLES_QUEUE,
    policy: "singleton",
    retryLimit: 3,
    retryDelay: 10,
  });
  await boss.schedule(CYCLES_QUEUE, "* * * * *", {}, { tz: "UTC" });
  await boss.work(CYCLES_QUEUE, async () => {
    const report = await runDueCycles({ db: getDb(), clock: getClock() });
    if (
      report.subscriptionGrants ||
      report.freeGrants ||
      report.expired ||
      report.holdsReleased ||
      report.subscriptionsEnded
    ) {
      console.log(`creditpool scheduler: ${JSON.stringify(report)}`);
    }
  });
  // Run once at start so a restart catches up at once instead of at the next minute.
  await boss.send(CYCLES_QUEUE, {});

  outbox = await startOutboxRunner({ db: getDb(), clock: getClock() });
  await boss.createQueue(NOTIFICATIONS_QUEUE, { name: NOTIFICATIONS_QUEUE, policy: "singleton" });
  await boss.schedule(NOTIFICATIONS_QUEUE, "* * * * *", {}, { tz: "UTC" });
  const runner = outbox;
  await boss.work(NOTIFICATIONS_QUEUE, async () => {
    await runner.kick();
  });
}

export async function stopWorker(): Promise<void> {
  await outbox?.stop();
  outbox = undefined;
  await boss?.stop({ graceful: true });
  boss = undefined;
}
