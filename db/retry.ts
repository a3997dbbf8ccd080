// Transient database failures (a serialization failure, a deadlock, the server going away) are
// retried a bounded number of times. Only work that is safe to run twice goes through here: a read,
// or one statement with an idempotency key (every ledger operation), which a retry can never apply
// twice: a statement that failed was rolled back whole, and one whose commit was acknowledged but
// lost with the connection replays its first result.

/** SQLSTATEs worth another try: serialization failure, deadlock, and the server going away. */
const RETRYABLE_SQLSTATES = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
  "57P01", // admin_shutdown (pg_terminate_backend, a restart)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up)
  "08000", // connection_exception
  "08003", // connection_does_not_exist
  "08006", // connection_failure
]);

/** Connection errors the `postgres` driver and Node report without a SQLSTATE. */
const RETRYABLE_CONNECTION_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
]);

/** Attempts in all (the first try included) and the base of the exponential backoff. */
export const TRANSIENT_RETRY = { attempts: 6, baseDelayMs: 25, maxDelayMs: 2_000 };

/** Whether an error (drizzle wraps the driver's in `cause`) is transient. */
export function isTransientDatabaseError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (RETRYABLE_SQLSTATES.has(code) || RETRYABLE_CONNECTION_CODES.has(code))) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Delay before retry `attempt` (1-based): exponential with full jitter, capped. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(TRANSIENT_RETRY.maxDelayMs, TRANSIENT_RETRY.baseDelayMs * 4 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** Runs `run` again after transient failures, at most TRANSIENT_RETRY.attempts times in all. */
export async function withRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= TRANSIENT_RETRY.attempts || !isTransientDatabaseError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt)));
    }
  }
}
