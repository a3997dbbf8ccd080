// Graceful shutdown, one list per process. Whatever runs in the background registers how to stop it
// (the scheduler, the outbox runner, group commit, the database pools); whoever ends the process (the
// SIGTERM handler that instrumentation.ts installs for `next start`, or a custom server once it has
// stopped accepting connections and drained its requests) calls shutdown(), which runs them by phase:
//
//   "work"  — stop taking new jobs and finish the current one (pg-boss, outbox runner), in parallel;
//   "flush" — hand in what is queued in memory (group commit's waiting spends);
//   "pools" — close the database connections last, once nothing else needs them.
//
// The whole run is bounded by `timeoutMs`: a stopper still going then is reported as timed out and the
// caller exits anyway (what it left undone is either uncommitted, so never acknowledged, or picked up by
// another instance: jobs are retried by pg-boss, the outbox by the minute schedule). The registry lives
// on globalThis because Next.js bundles instrumentation and each route separately: one module in two
// bundles must still share one list.

export type ShutdownPhase = "work" | "flush" | "pools";
type Stopper = { name: string; phase: ShutdownPhase; stop: () => Promise<void> | void };

export type ShutdownReport = {
  reason: string;
  /** Stoppers that finished, in the order they finished. */
  stopped: string[];
  /** Stoppers that threw (the message only: never a connection string). */
  failed: { name: string; error: string }[];
  /** Stoppers still running when the time ran out. */
  timedOut: string[];
  ms: number;
};

const PHASES: ShutdownPhase[] = ["work", "flush", "pools"];
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

type Registry = { stoppers: Map<string, Stopper>; running?: Promise<ShutdownReport> };
const globalForShutdown = globalThis as unknown as { creditpoolShutdown?: Registry };

function registry(): Registry {
  globalForShutdown.creditpoolShutdown ??= { stoppers: new Map() };
  return globalForShutdown.creditpoolShutdown;
}

/**
 * Registers how to stop `name` on shutdown (a second registration under the same name replaces the
 * first). Returns a function that unregisters it, for something that stops on its own earlier.
 */
export function registerShutdown(
  name: string,
  stop: () => Promise<void> | void,
  options: { phase?: ShutdownPhase } = {},
): () => void {
  const entry: Stopper = { name, phase: options.phase ?? "work", stop };
  const { stoppers } = registry();
  stoppers.set(name, entry);
  return () => {
    if (stoppers.get(name) === entry) stoppers.delete(name);
  };
}

/** True once shutdown() has been called: new work should be refused (e.g. readiness reports 503). */
export function isShuttingDown(): boolean {
  return registry().running !== undefined;
}

/**
 * Runs every registered stopper, phase by phase (in parallel within a phase), within `timeoutMs`
 * overall. Calling it again returns the same run. Never throws.
 */
export function shutdown(reason: string, options: { timeoutMs?: number } = {}): Promise<ShutdownReport> {
  const state = registry();
  state.running ??= run(state, reason, options.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS);
  return state.running;
}

async function run(state: Registry, reason: string, timeoutMs: number): Promise<ShutdownReport> {
  const started = Date.now();
  const report: ShutdownReport = { reason, stopped: [], failed: [], timedOut: [], ms: 0 };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
    timer.unref();
  });
  const pending = new Set<string>();
  for (const phase of PHASES) {
    const batch = [...state.stoppers.values()].filter((stopper) => stopper.phase === phase);
    if (batch.length === 0) continue;
    const all = Promise.all(
      batch.map(async (stopper) => {
        pending.add(stopper.name);
        try {
          await stopper.stop();
          report.stopped.push(stopper.name);
        } catch (error) {
          report.failed.push({
            name: stopper.name,
            error: error instanceof Error ? error.message : String(error),
          });
        } finally {
          pending.delete(stopper.name);
        }
      }),
    );
    if ((await Promise.race([all, deadline])) === "timeout") {
      report.timedOut.push(...pending);
      break;
    }
  }
  clearTimeout(timer);
  report.ms = Date.now() - started;
  return report;
}

/** Test aid: forgets every stopper and any finished run. */
export function resetShutdownForTests(): void {
  globalForShutdown.creditpoolShutdown = { stoppers: new Map() };
}
