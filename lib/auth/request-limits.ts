import "server-only";
import { isIP } from "node:net";
import { headers } from "next/headers";
import type { Database } from "@/db";
import { countRequest, deleteRequestCountsBefore } from "@/db/queries/sign-in-limits";
import { requestLimitOverride } from "@/lib/env";

// Limits on the public doors, per network address and per email: sign-in, sign-up and
// invitations. Counted in PostgreSQL in one statement per counter (the row lock serialises parallel
// requests), so N parallel attempts count as N on every app instance. An attempt is counted whether
// or not it is let through, so hammering a closed door keeps it closed.

export type RequestLimit = { name: string; max: number; windowMs: number; message: string };

const MINUTE = 60_000;

export const REQUEST_LIMITS = {
  signInByAddress: {
    name: "sign-in:address",
    max: 300,
    windowMs: 15 * MINUTE,
    message: "Too many sign-in attempts from your network.",
  },
  signUpByAddress: {
    name: "sign-up:address",
    max: 10,
    windowMs: 60 * MINUTE,
    message: "Too many accounts were created from your network.",
  },
  signUpByEmail: {
    name: "sign-up:email",
    max: 5,
    windowMs: 60 * MINUTE,
    message: "Too many sign-up attempts for this email.",
  },
  invitationsToEmail: {
    name: "invitation:email",
    max: 5,
    windowMs: 60 * MINUTE,
    message: "This person has been sent too many invitations in the last hour.",
  },
  invitationsByAddress: {
    name: "invitation:address",
    max: 60,
    windowMs: 60 * MINUTE,
    message: "Too many invitations were sent or accepted from your network.",
  },
} as const satisfies Record<string, RequestLimit>;

/**
 * A limit's maximum: its own, or CREDITPOOL_LIMIT_<NAME> ("sign-up:address" reads
 * CREDITPOOL_LIMIT_SIGN_UP_ADDRESS). The e2e server raises the per-address ones: every browser in
 * the test run is 127.0.0.1.
 */
export function limitMax(limit: RequestLimit): number {
  return requestLimitOverride(limit.name) ?? limit.max;
}

export type LimitCheck = { limit: RequestLimit; subject: string };
export type LimitState = { ok: true } | { ok: false; message: string; retryAt: Date };

/**
 * Counts one request against each check and says whether all of them still allow it. A refused
 * request names the first limit it hit and when that window ends.
 */
export async function claimRequest(db: Database, checks: LimitCheck[], now: Date): Promise<LimitState> {
  let refused: { message: string; retryAt: Date } | null = null;
  for (const { limit, subject } of checks) {
    const key = `${limit.name}:${subject.toLowerCase().slice(0, 320)}`;
    const row = await countRequest(db, key, now, new Date(now.getTime() - limit.windowMs));
    if (!refused && row && row.count > limitMax(limit)) {
      refused = {
        message: limit.message,
        retryAt: new Date(row.windowStartedAt.getTime() + limit.windowMs),
      };
    }
  }
  return refused ? { ok: false, ...refused } : { ok: true };
}

/** The caller's address in a server action or page (see clientAddress). */
export async function requestAddress(): Promise<string> {
  return clientAddress((await headers()).get("x-forwarded-for"));
}

/** "Try again in 12 minutes." */
export function tryAgainIn(retryAt: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / MINUTE));
  return `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** Counters whose window ended a day ago or more: nothing reads them again. */
export async function pruneRequestLimits(db: Database, now: Date): Promise<number> {
  return deleteRequestCountsBefore(db, new Date(now.getTime() - 24 * 60 * MINUTE));
}

/**
 * The caller's network address, from X-Forwarded-For. Behind a proxy (CREDITPOOL_TRUST_PROXY=true)
 * it is the last entry, the one the proxy appended. Without one, Next.js sets the header from the
 * socket only when the request has none, so a client can name its own address: the per-email
 * limits still hold, and a deployment should sit behind a proxy that sets it.
 */
export function clientAddress(forwardedFor: string | null | undefined): string {
  const entries = (forwardedFor ?? "")
    .slice(0, 1_000)
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const last = entries.at(-1) ?? "";
  const address = last.startsWith("::ffff:") ? last.slice(7) : last;
  return isIP(address) ? address : "unknown";
}
