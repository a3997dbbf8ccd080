// Runs once when a Next.js server starts, before it serves: freezes the clock when
// CREDITPOOL_FROZEN_AT is set (test and demo aid), installs the graceful SIGTERM handler when
// NEXT_MANUAL_SIG_HANDLE=true (the launcher sets it; lib/runtime/next-signals.ts), has group commit
// hand in its waiting spends on shutdown, then starts the scheduler (set RUN_SCHEDULER=false to run
// it elsewhere, e.g. on dedicated worker instances).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { freezeClockFromEnv } = await import("@/lib/frozen-clock");
  freezeClockFromEnv();
  const { registerShutdown } = await import("@/lib/runtime/shutdown");
  const { flushGroupCommit } = await import("@/lib/ledger/coalesce");
  registerShutdown("group commit", flushGroupCommit, { phase: "flush" });
  if (process.env.NEXT_MANUAL_SIG_HANDLE === "true") {
    const { installGracefulShutdown } = await import("@/lib/runtime/next-signals");
    installGracefulShutdown();
  }
  if (process.env.RUN_SCHEDULER === "false" || !process.env.DATABASE_URL) return;
  const { startWorker } = await import("@/lib/jobs/worker");
  await startWorker();
}
