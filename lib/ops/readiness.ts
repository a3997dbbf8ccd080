// What /api/health/ready answers. An instance is ready when its database answers and has every
// migration this build ships. The scheduler's lag is reported too, but it does not take the
// instance out of rotation: the scheduler is shared by every instance, so a late one would make a
// load balancer drop them all at once, which helps nothing. Alert on the `scheduler` check (or
// creditpool_scheduler_last_run_age_seconds) instead.
import "server-only";
import journal from "@/db/migrations/meta/_journal.json";
import { pingDatabase, readAppliedMigrations, readSchedulerState } from "@/db/queries/operations";
import type { Deps } from "@/lib/deps";
import { CYCLES_QUEUE } from "@/lib/jobs/worker";

/** The credit-cycles job runs every minute: past this, the scheduler counts as late. */
const SCHEDULER_LATE_AFTER_SECONDS = 300;
/** A database that takes longer than this to answer is not ready. */
const CHECK_TIMEOUT_MS = 2_000;

type Check = { ok: boolean; detail: string };

export type Readiness = {
  ready: boolean;
  checks: { database: Check; migrations: Check; scheduler: Check & { lagSeconds: number | null } };
};

const SHIPPED = journal.entries.length;
const NEWEST_SHIPPED = journal.entries.at(-1)?.when ?? 0;

// Migrations never un-apply: once a database is seen complete, the check costs nothing.
const migrationsSeenApplied = new WeakSet<Deps["db"]>();

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function checkMigrations(deps: Deps): Promise<Check> {
  if (migrationsSeenApplied.has(deps.db)) return { ok: true, detail: `${SHIPPED} of ${SHIPPED} applied` };
  const applied = await readAppliedMigrations(deps.db);
  const ok = applied.count >= SHIPPED && (applied.newestAt ?? 0) >= NEWEST_SHIPPED;
  if (ok) migrationsSeenApplied.add(deps.db);
  return { ok, detail: `${applied.count} of ${SHIPPED} applied` };
}

async function checkScheduler(deps: Deps): Promise<Readiness["checks"]["scheduler"]> {
  const now = deps.clock.now();
  const state = await readSchedulerState(deps.db, [CYCLES_QUEUE], CYCLES_QUEUE, now);
  if (!state.installed)
    return { ok: false, lagSeconds: null, detail: "no instance has started the scheduler" };
  if (!state.lastCyclesRunAt)
    return { ok: false, lagSeconds: null, detail: "the credit cycles have not run yet" };
  const lagSeconds = Math.max(0, Math.round((now.getTime() - state.lastCyclesRunAt.getTime()) / 1000));
  const ok = lagSeconds <= SCHEDULER_LATE_AFTER_SECONDS;
  return { ok, lagSeconds, detail: ok ? "on time" : `late: last run ${lagSeconds} s ago` };
}

const failed = (error: unknown): Check => ({
  ok: false,
  detail: error instanceof Error && error.message.startsWith("no answer") ? error.message : "unreachable",
});

/** Runs the checks (each bounded in time); never throws. */
export async function checkReadiness(deps: Deps): Promise<Readiness> {
  try {
    await withTimeout(pingDatabase(deps.db), CHECK_TIMEOUT_MS);
  } catch (error) {
    const down = failed(error);
    return {
      ready: false,
      checks: { database: down, migrations: down, scheduler: { ...down, lagSeconds: null } },
    };
  }
  const [migrations, scheduler] = await Promise.all([
    withTimeout(checkMigrations(deps), CHECK_TIMEOUT_MS).catch(failed),
    withTimeout(checkScheduler(deps), CHECK_TIMEOUT_MS).catch((error: unknown) => ({
      ...failed(error),
      lagSeconds: null,
    })),
  ]);
  return {
    ready: migrations.ok,
    checks: { database: { ok: true, detail: "reachable" }, migrations, scheduler },
  };
}
