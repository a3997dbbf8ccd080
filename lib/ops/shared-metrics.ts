// The gauges that describe shared state (the outbox, the scheduler's queues) are read from the
// database when Prometheus scrapes, not kept up to date on every write. Every instance reports the
// same values for them; alert on max() across instances.
import "server-only";
import { lanesOpened } from "@/db/lanes";
import { readOutboxBacklog } from "@/db/queries/deliveries";
import { readSchedulerState } from "@/db/queries/operations";
import type { Deps } from "@/lib/deps";
import {
  AUTO_TOP_UP_QUEUE,
  AUTO_TOP_UP_SWEEP_QUEUE,
  CYCLES_QUEUE,
  NOTIFICATIONS_QUEUE,
  RECONCILE_QUEUE,
} from "@/lib/jobs/worker";
import { readPoolUse } from "@/lib/metrics/db-pool";
import { getMetrics } from "@/lib/metrics/registry";

export const SCHEDULER_QUEUES = [
  CYCLES_QUEUE,
  NOTIFICATIONS_QUEUE,
  AUTO_TOP_UP_QUEUE,
  AUTO_TOP_UP_SWEEP_QUEUE,
  RECONCILE_QUEUE,
] as const;

const CHANNELS = ["email", "webhook"] as const;

const secondsSince = (now: Date, then: Date) => Math.max(0, (now.getTime() - then.getTime()) / 1000);

/**
 * Reads the database-backed gauges and the pool's use into the registry. Each read stands alone: one
 * that fails (reported to `onError`) leaves its gauges as they were and the others still update.
 */
export async function collectSharedMetrics(
  { db, clock }: Deps,
  onError: (error: unknown) => void,
): Promise<void> {
  const metrics = getMetrics();
  const now = clock.now();
  const outbox = readOutboxBacklog(db).then((backlog) => {
    for (const channel of CHANNELS) {
      const row = backlog.find((entry) => entry.channel === channel);
      metrics.outboxBacklog.set({ channel }, row?.pending ?? 0);
      metrics.outboxOldestAge.set(
        { channel },
        row?.oldestCreatedAt ? secondsSince(now, row.oldestCreatedAt) : 0,
      );
    }
  }, onError);
  const scheduler = readSchedulerState(db, SCHEDULER_QUEUES, CYCLES_QUEUE, now).then((state) => {
    for (const [queue, dueAt] of state.oldestDueAt) {
      metrics.jobLag.set({ queue }, dueAt ? secondsSince(now, dueAt) : 0);
    }
    metrics.schedulerLastRun.set(state.lastCyclesRunAt ? secondsSince(now, state.lastCyclesRunAt) : -1);
  }, onError);
  const pool = readPoolUse(db.$client);
  if (pool) {
    metrics.dbPoolSize.set(pool.size);
    metrics.dbPoolInUse.set(pool.inUse);
    metrics.dbPoolWaiting.set(pool.waiting);
  }
  metrics.dbLanesOpen.set(lanesOpened(db));
  await Promise.all([outbox, scheduler]);
}
