import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { signInThrottle } from "@/db/schema";

/** Failures allowed in a window before sign-in for that email is paused. */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;
export const BLOCK_MS = 15 * 60_000;

export type ThrottleState = { blocked: false } | { blocked: true; retryAt: Date };

/**
 * Counts this attempt before its password is checked, in one statement (the row lock serialises
 * parallel attempts for one email), and says whether it may go on: while sign-in is paused, or once
 * MAX_FAILURES attempts of this window are counted, it may not. So N parallel guesses count as N;
 * when the check was made first and the failure recorded after the password comparison, 40
 * parallel guesses were all checked against a count of zero and the right one signed in.
 */
export async function claimSignInAttempt(db: Database, email: string, now: Date): Promise<ThrottleState> {
  const t = signInThrottle;
  const nowIso = now.toISOString();
  const windowStart = new Date(now.getTime() - WINDOW_MS).toISOString();
  const paused = sql`coalesce(${t.blockedUntil} > ${nowIso}::timestamptz, false)`;
  const stale = sql`${t.windowStartedAt} < ${windowStart}::timestamptz`;
  const [row] = await db
    .insert(t)
    .values({ key: email.toLowerCase(), failures: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: t.key,
      set: {
        failures: sql`case when ${paused} then ${t.failures} when ${stale} then 1 else ${t.failures} + 1 end`,
        windowStartedAt: sql`case when ${paused} or not ${stale} then ${t.windowStartedAt} else ${nowIso}::timestamptz end`,
      },
    })
    .returning();
  if (row?.blockedUntil && row.blockedUntil > now) return { blocked: true, retryAt: row.blockedUntil };
  if (row && row.failures > MAX_FAILURES) return pause(db, row.key, now);
  return { blocked: false };
}

/** After a wrong password: the MAX_FAILURES-th counted attempt of a window pauses sign-in for BLOCK_MS. */
export async function recordSignInFailure(db: Database, email: string, now: Date): Promise<ThrottleState> {
  const [row] = await db.select().from(signInThrottle).where(eq(signInThrottle.key, email.toLowerCase()));
  if (row?.blockedUntil && row.blockedUntil > now) return { blocked: true, retryAt: row.blockedUntil };
  if (row && row.failures >= MAX_FAILURES) return pause(db, row.key, now);
  return { blocked: false };
}

async function pause(db: Database, key: string, now: Date): Promise<ThrottleState> {
  const retryAt = new Date(now.getTime() + BLOCK_MS);
  // The first to pause sets the time; later ones (parallel attempts) keep it.
  const [row] = await db
    .update(signInThrottle)
    .set({
      blockedUntil: sql`greatest(coalesce(${signInThrottle.blockedUntil}, ${retryAt.toISOString()}::timestamptz), ${retryAt.toISOString()}::timestamptz)`,
      failures: 0,
      windowStartedAt: now,
    })
    .where(eq(signInThrottle.key, key))
    .returning();
  return { blocked: true, retryAt: row?.blockedUntil ?? retryAt };
}

export async function clearSignInFailures(db: Database, email: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, email.toLowerCase()));
}
