// Per-key rate limiting for the metering API: a token bucket per API key. A key may make `burst`
// requests at once and then `perSecond` a second; a real generation service stays far below the
// default (it calls once per image or video), a runaway loop does not. Owners and admins can set a
// key's own limits on the API keys page (api_keys.rate_limit_per_second / rate_limit_burst).
//
// The buckets live in each app instance's memory: with N instances behind a load balancer a key
// may make up to N times its limit in total (docs/ARCHITECTURE.md, "Rate limits").
import { env } from "@/lib/env";

export type RateLimit = { perSecond: number; burst: number };

/**
 * 100 requests a second with bursts of 300, unless the operator sets API_RATE_LIMIT_PER_SECOND / _BURST
 * (validated by lib/env.ts when the process starts, so a malformed one never reaches a request).
 */
export function defaultRateLimit(): RateLimit {
  const perSecond = env.API_RATE_LIMIT_PER_SECOND ?? 100;
  return { perSecond, burst: Math.max(perSecond, env.API_RATE_LIMIT_BURST ?? perSecond * 3) };
}

/** A batch is charged like this many single calls per started block of records. */
export const BATCH_RECORDS_PER_TOKEN = 100;

/** What a batch of `records` costs: one token per started 100 records (at least one). */
export function batchCost(records: number): number {
  return Math.max(1, Math.ceil(records / BATCH_RECORDS_PER_TOKEN));
}

export type RateDecision = {
  ok: boolean;
  limit: RateLimit;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** When refused: whole seconds until the request would be allowed. */
  retryAfterSeconds: number;
};

type Bucket = { tokens: number; updatedAt: number };

/** At most this many buckets per instance; the least recently used is dropped first (it is full again by then or close to it). */
const MAX_BUCKETS = 50_000;
const buckets = new Map<string, Bucket>();

/**
 * Takes `cost` tokens from the key's bucket, or none if it holds fewer (a refused request costs
 * nothing, so a client that waits `Retry-After` gets through). `now` is a monotonic time in ms.
 */
export function takeTokens(keyId: string, cost: number, limit: RateLimit, now: number): RateDecision {
  const previous = buckets.get(keyId);
  const elapsed = previous ? Math.max(0, now - previous.updatedAt) : 0;
  const tokens = previous
    ? Math.min(limit.burst, previous.tokens + (elapsed / 1000) * limit.perSecond)
    : limit.burst;
  // A cost above the burst (a big batch on a small key) takes the whole bucket rather than never passing.
  const need = Math.min(cost, limit.burst);
  const ok = tokens >= need;
  const left = ok ? tokens - need : tokens;
  buckets.delete(keyId);
  buckets.set(keyId, { tokens: left, updatedAt: now });
  if (buckets.size > MAX_BUCKETS) {
    const oldest = buckets.keys().next().value;
    if (oldest !== undefined) buckets.delete(oldest);
  }
  return {
    ok,
    limit,
    remaining: Math.floor(left),
    resetSeconds: Math.ceil((limit.burst - left) / limit.perSecond),
    retryAfterSeconds: ok ? 0 : Math.max(1, Math.ceil((need - left) / limit.perSecond)),
  };
}

/**
 * The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers): the policy (a quota of
 * `burst` requests refilled over `burst / perSecond` seconds) and what is left of it now.
 */
export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  const window = Math.max(1, Math.ceil(decision.limit.burst / decision.limit.perSecond));
  const headers: Record<string, string> = {
    "ratelimit-policy": `"api-key";q=${decision.limit.burst};w=${window}`,
    ratelimit: `"api-key";r=${decision.remaining};t=${decision.resetSeconds}`,
  };
  if (!decision.ok) headers["retry-after"] = String(decision.retryAfterSeconds);
  return headers;
}

/**
 * Real elapsed time in ms (monotonic), not the injectable clock: a frozen demo clock must not
 * freeze the buckets. Tests drive it with `setRateLimitTime`.
 */
let monotonicNow: () => number = () => performance.now();

export function rateLimitNow(): number {
  return monotonicNow();
}

/** For tests: read time from `now` (ms) instead of the real monotonic clock; no argument restores it. */
export function setRateLimitTime(now?: () => number): void {
  monotonicNow = now ?? (() => performance.now());
}

/** For tests: forget every bucket. */
export function resetRateLimits(): void {
  buckets.clear();
}
