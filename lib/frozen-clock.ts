import "server-only";
import { manualClock, setClock } from "@/lib/clock";
import { env } from "@/lib/env";

/**
 * CREDITPOOL_FROZEN_AT: makes the process clock stand still at that instant (the e2e reference
 * screenshots and demos that must look the same every run). Business time then never moves, so
 * credits never expire and cycles never come due: it must never be set in production, and says
 * so loudly when it is. Returns the instant, or null when the clock runs normally.
 */
export function freezeClockFromEnv(log: (message: string) => void = console.warn): Date | null {
  const at = env.CREDITPOOL_FROZEN_AT;
  if (!at) return null;
  const clock = manualClock(at);
  setClock(clock);
  log(
    `creditpool: WARNING: CREDITPOOL_FROZEN_AT is set: the clock stands still at ${clock.now().toISOString()}. ` +
      "This is a test and demo aid; never set it in production.",
  );
  return clock.now();
}
