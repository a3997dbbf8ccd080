// Runs the outbox in this process: at once when a transaction that wrote deliveries commits
// (LISTEN creditpool_outbox, sent by the fan-out trigger), when the next retry falls due, and every
// minute from the pg-boss schedule as the safety net. Runs never overlap within a process; across
// processes SKIP LOCKED keeps them apart.
import "server-only";
import { nextDeliveryDueAt } from "@/db/queries/deliveries";
import { deliverDueNotifications, type DeliveryReport } from "./deliver";
import { describeErrorForLog } from "@/lib/log/safe-error";
import { getLogger } from "@/lib/log/logger";
import type { Deps } from "@/lib/deps";

export const OUTBOX_CHANNEL = "creditpool_outbox";
/** Retries due further out than this are left to the minute schedule. */
const MAX_TIMER_MS = 60_000;

export type OutboxRunner = {
  /** Delivers everything due now (again, if a run is already going). */
  kick: () => Promise<void>;
  stop: () => Promise<void>;
};

function logReport(report: DeliveryReport) {
  if (report.sent || report.retrying || report.failed || report.cancelled) {
    getLogger().info(`creditpool notifications: ${JSON.stringify(report)}`);
  }
}

/**
 * Starts the runner. `listenDb` carries the LISTEN (a session: a direct connection, not a transaction
 * pooler); default deps.db.
 */
export async function startOutboxRunner(deps: Deps, listenDb: Deps["db"] = deps.db): Promise<OutboxRunner> {
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const scheduleNext = async () => {
    const due = await nextDeliveryDueAt(deps.db);
    clearTimeout(timer);
    if (!due || stopped) return;
    const wait = Math.max(0, due.getTime() - deps.clock.now().getTime());
    if (wait <= MAX_TIMER_MS) timer = setTimeout(() => void kick(), wait + 50);
  };

  const runOnce = async () => {
    do {
      again = false;
      logReport(await deliverDueNotifications(deps));
    } while (again && !stopped);
    await scheduleNext();
  };

  const kick = async (): Promise<void> => {
    if (stopped) return;
    if (running) {
      again = true;
      return running;
    }
    running = runOnce()
      .catch((error: unknown) => getLogger().error(`creditpool notifications: ${describeErrorForLog(error)}`))
      .finally(() => {
        running = null;
      });
    return running;
  };

  const subscription = await listenDb.$client.listen(OUTBOX_CHANNEL, () => void kick());
  void kick();

  return {
    kick,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await subscription.unlisten();
      await running;
    },
  };
}
