// Per-key rate limiting: a token bucket per API key in each app instance, set high enough not to
// get in the way of real traffic (a generation service makes far fewer calls than this).
const DEFAULT_RATE_PER_SECOND = Number(process.env.API_RATE_LIMIT_PER_SECOND ?? 5_000);
const DEFAULT_BURST = Number(process.env.API_RATE_LIMIT_BURST ?? 10_000);
type Bucket = { tokens: number; updatedAt: number };
const buckets = new Map<string, Bucket>();
let RATE_PER_SECOND = DEFAULT_RATE_PER_SECOND;
let BURST = DEFAULT_BURST;

/** Changes the limits (tests); with no argument, back to the configured ones. */
export function configureRateLimit(limits?: { ratePerSecond: number; burst: number }): void {
  RATE_PER_SECOND = limits?.ratePerSecond ?? DEFAULT_RATE_PER_SECOND;
  BURST = limits?.burst ?? DEFAULT_BURST;
  buckets.clear();
}

export function takeToken(
  keyId: string,
  now = Date.now(),
): { ok: true } | { ok: false; retryAfterSeconds: number } {
  const bucket = buckets.get(keyId) ?? { tokens: BURST, updatedAt: now };
  bucket.tokens = Math.min(BURST, bucket.tokens + ((now - bucket.updatedAt) / 1000) * RATE_PER_SECOND);
  bucket.updatedAt = now;
  buckets.set(keyId, bucket);
  if (bucket.tokens < 1)
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / RATE_PER_SECOND)) };
  bucket.tokens -= 1;
  return { ok: true };
}

/** For tests: forget every bucket. */
export function resetRateLimits(): void {
  buckets.clear();
}
