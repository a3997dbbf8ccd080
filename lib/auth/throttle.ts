import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db";
import { signInThrottle } from "@/db/schema";

/** Failures allowed in a window before sign-in for that email is paused. */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;
export const BLOCK_MS = 15 * 60_000;

export type ThrottleState = { blocked: false } | { blocked: true; retryAt: Date };

/** Whether sign-in for this email is paused after repeated failures. */
export async function checkSignInThrottle(db: Database, email: string, now: Date): Promise<ThrottleState> {
  const [row] = await db.select().from(signInThrottle).where(eq(signInThrottle.key, email.toLowerCase()));
  if (row?.blockedUntil && row.blockedUntil > now) return { blocked: true, retryAt: row.blockedUntil };
  return { blocked: false };
}

/** Counts a failed sign-in; the MAX_FAILURES-th in a window pauses sign-in for BLOCK_MS. */
export async function recordSignInFailure(db: Database, email: string, now: Date): Promise<ThrottleState> {
  const nowIso = now.toISOString();
  const windowStart = new Date(now.getTime() - WINDOW_MS).toISOString();
  const blockUntil = new Date(now.getTime() + BLOCK_MS).toISOString();
  const [row] = await db
    .insert(signInThrottle)
    .values({ key: email.toLowerCase(), failures: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures: sql`case when ${signInThrottle.windowStartedAt} < ${windowStart}::timestamptz then 1 else ${signInThrottle.failures} + 1 end`,
        windowStartedAt: sql`case when ${signInThrottle.windowStartedAt} < ${windowStart}::timestamptz then ${nowIso}::timestamptz else ${signInThrottle.windowStartedAt} end`,
      },
    })
    .returning();
  if (row && row.failures >= MAX_FAILURES) {
    await db
      .update(signInThrottle)
      .set({ blockedUntil: new Date(blockUntil), failures: 0, windowStartedAt: now })
      .where(eq(signInThrottle.key, row.key));
    return { blocked: true, retryAt: new Date(blockUntil) };
  }
  return { blocked: false };
}

export async function clearSignInFailures(db: Database, email: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, email.toLowerCase()));
}
