// The counters behind the sign-in throttle (sign_in_throttle, per email) and the public doors'
// limits (request_limits, per key and fixed window). Each count is one upsert: the row lock
// serialises parallel attempts, so N of them count as N on every app instance. The rules (how many,
// for how long) are lib/auth/throttle.ts's and lib/auth/request-limits.ts's.
import "server-only";
import { eq, lt, sql } from "drizzle-orm";
import type { Executor } from "@/db";
import { requestLimits, signInThrottle } from "@/db/schema";

/**
 * Counts a sign-in attempt for `key` and returns its row: while sign-in is paused the count stands
 * still, and a window that started before `windowStart` starts again at this attempt.
 */
export async function countSignInAttempt(db: Executor, key: string, now: Date, windowStart: Date) {
  const t = signInThrottle;
  const nowIso = now.toISOString();
  const paused = sql`coalesce(${t.blockedUntil} > ${nowIso}::timestamptz, false)`;
  const stale = sql`${t.windowStartedAt} < ${windowStart.toISOString()}::timestamptz`;
  const [row] = await db
    .insert(t)
    .values({ key, failures: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: t.key,
      set: {
        failures: sql`case when ${paused} then ${t.failures} when ${stale} then 1 else ${t.failures} + 1 end`,
        windowStartedAt: sql`case when ${paused} or not ${stale} then ${t.windowStartedAt} else ${nowIso}::timestamptz end`,
      },
    })
    .returning();
  return row ?? null;
}

export async function getSignInThrottle(db: Executor, key: string) {
  const [row] = await db.select().from(signInThrottle).where(eq(signInThrottle.key, key));
  return row ?? null;
}

/**
 * Pauses sign-in for `key` until `retryAt` and starts a new window; the first to pause sets the time
 * (later, parallel ones keep it). Returns when sign-in is paused until.
 */
export async function pauseSignIn(db: Executor, key: string, retryAt: Date, now: Date) {
  const [row] = await db
    .update(signInThrottle)
    .set({
      blockedUntil: sql`greatest(coalesce(${signInThrottle.blockedUntil}, ${retryAt.toISOString()}::timestamptz), ${retryAt.toISOString()}::timestamptz)`,
      failures: 0,
      windowStartedAt: now,
    })
    .where(eq(signInThrottle.key, key))
    .returning();
  return row?.blockedUntil ?? retryAt;
}

export async function clearSignInThrottle(db: Executor, key: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, key));
}

/**
 * Counts one request against `key` and returns its counter: a window that started at or before
 * `windowStart` starts again at this request.
 */
export async function countRequest(db: Executor, key: string, now: Date, windowStart: Date) {
  const t = requestLimits;
  const stale = sql`${t.windowStartedAt} <= ${windowStart.toISOString()}::timestamptz`;
  const [row] = await db
    .insert(t)
    .values({ key, count: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: t.key,
      set: {
        count: sql`case when ${stale} then 1 else ${t.count} + 1 end`,
        windowStartedAt: sql`case when ${stale} then ${now.toISOString()}::timestamptz else ${t.windowStartedAt} end`,
      },
    })
    .returning();
  return row ?? null;
}

/** Deletes the counters whose window started before `before`; how many. */
export async function deleteRequestCountsBefore(db: Executor, before: Date): Promise<number> {
  const rows = await db
    .delete(requestLimits)
    .where(lt(requestLimits.windowStartedAt, before))
    .returning({ key: requestLimits.key });
  return rows.length;
}
