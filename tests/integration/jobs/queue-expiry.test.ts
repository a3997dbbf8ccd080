// A job an instance was running when it was killed stays active until pg-boss expires it, and on a
// singleton queue no other instance may start one before then: with pg-boss's default (15 minutes)
// npm run test:scale saw reconciliation stop for the rest of its run after one SIGKILL. Every queue
// of the scheduler has a bounded expiry, on a new database and on one whose queues were made before.
import { afterAll, beforeAll, expect, it } from "vitest";
import { inject } from "vitest";
import PgBoss from "pg-boss";
import {
  AUTO_TOP_UP_QUEUE,
  AUTO_TOP_UP_SWEEP_QUEUE,
  CYCLES_QUEUE,
  ensureQueue,
  JOB_EXPIRE_SECONDS,
  NOTIFICATIONS_QUEUE,
  RECONCILE_QUEUE,
} from "@/lib/jobs/worker";

let boss: PgBoss;
beforeAll(async () => {
  // A schema of its own: the queues' options are what is checked, not the shared test scheduler's.
  boss = new PgBoss({ connectionString: inject("databaseUrl"), schema: "pgboss_expiry", max: 2 });
  boss.on("error", () => {});
  await boss.start();
});
afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
});

it("bounds every scheduler queue's job lease, also on queues made with pg-boss's default", async () => {
  // Made the old way first (the 15-minute default), as on a database from before the change.
  await boss.createQueue(RECONCILE_QUEUE, { name: RECONCILE_QUEUE, policy: "singleton" });
  expect((await boss.getQueue(RECONCILE_QUEUE))?.expireInSeconds ?? 900).toBe(900);

  for (const name of [CYCLES_QUEUE, NOTIFICATIONS_QUEUE, RECONCILE_QUEUE, AUTO_TOP_UP_SWEEP_QUEUE] as const)
    await ensureQueue(boss, name, { policy: "singleton" });
  await ensureQueue(boss, AUTO_TOP_UP_QUEUE, { policy: "standard", retryLimit: 3 });

  for (const [name, seconds] of Object.entries(JOB_EXPIRE_SECONDS)) {
    const queue = await boss.getQueue(name);
    expect(queue?.expireInSeconds, name).toBe(seconds);
    expect(seconds, name).toBeLessThanOrEqual(300);
  }
  expect((await boss.getQueue(RECONCILE_QUEUE))?.policy).toBe("singleton");
  expect((await boss.getQueue(AUTO_TOP_UP_QUEUE))?.retryLimit).toBe(3);

  // A job fetched by an instance that then dies holds the singleton queue for its lease: the lease
  // each job gets is the queue's bounded one.
  await boss.send(RECONCILE_QUEUE, {});
  const [taken] = await boss.fetch(RECONCILE_QUEUE, { includeMetadata: true });
  expect(Number(taken?.expireInSeconds)).toBe(JOB_EXPIRE_SECONDS[RECONCILE_QUEUE]);
});
