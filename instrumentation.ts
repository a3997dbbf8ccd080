// Runs once when a Next.js server starts: starts the scheduler (set RUN_SCHEDULER=false to run it
// elsewhere, e.g. on dedicated worker instances).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.RUN_SCHEDULER === "false" || !process.env.DATABASE_URL) return;
  const { startWorker } = await import("@/lib/jobs/worker");
  await startWorker();
}
