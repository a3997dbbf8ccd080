// When to try a failed delivery again: exponential backoff with jitter, a bounded number of times.

/** Attempts in all, the first included, before a delivery is given up as failed. */
export const MAX_ATTEMPTS = { webhook: 8, email: 5 } as const;

const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 6 * 60 * 60 * 1000;

/**
 * The wait after failed attempt number `attempt` (1 = the first): 30 s, 1 min, 2 min, ... doubling,
 * capped at 6 h, with "equal jitter" (half fixed, half random) so retries from many deliveries that
 * failed together spread out instead of arriving together.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  const half = exponential / 2;
  return Math.round(half + half * Math.min(1, Math.max(0, random())));
}
