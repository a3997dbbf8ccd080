// Runs once when a Next.js server starts, before it serves: freezes the clock when
// CREDITPOOL_FROZEN_AT is set (test and demo aid), then starts the scheduler (set
// RUN_SCHEDULER=false to run it elsewhere, e.g. on dedicated worker instances).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { freezeClockFromEnv } = await import("@/lib/frozen-clock");
  freezeClockFromEnv();
  if (process.env.RUN_SCHEDULER === "false" || !process.env.DATABASE_URL) return;
  const { startWorker } = await import("@/lib/jobs/worker");
  await startWorker();
}
