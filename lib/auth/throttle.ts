import "server-only";
import type { Database } from "@/db";
import {
  clearSignInThrottle,
  countSignInAttempt,
  getSignInThrottle,
  pauseSignIn,
} from "@/db/queries/sign-in-limits";

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
  const row = await countSignInAttempt(db, email.toLowerCase(), now, new Date(now.getTime() - WINDOW_MS));
  if (row?.blockedUntil && row.blockedUntil > now) return { blocked: true, retryAt: row.blockedUntil };
  if (row && row.failures > MAX_FAILURES) return pause(db, row.key, now);
  return { blocked: false };
}

/** After a wrong password: the MAX_FAILURES-th counted attempt of a window pauses sign-in for BLOCK_MS. */
export async function recordSignInFailure(db: Database, email: string, now: Date): Promise<ThrottleState> {
  const row = await getSignInThrottle(db, email.toLowerCase());
  if (row?.blockedUntil && row.blockedUntil > now) return { blocked: true, retryAt: row.blockedUntil };
  if (row && row.failures >= MAX_FAILURES) return pause(db, row.key, now);
  return { blocked: false };
}

async function pause(db: Database, key: string, now: Date): Promise<ThrottleState> {
  // The first to pause sets the time; later ones (parallel attempts) keep it.
  return { blocked: true, retryAt: await pauseSignIn(db, key, new Date(now.getTime() + BLOCK_MS), now) };
}

export async function clearSignInFailures(db: Database, email: string): Promise<void> {
  await clearSignInThrottle(db, email.toLowerCase());
}
