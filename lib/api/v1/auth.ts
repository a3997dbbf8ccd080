import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Database } from "@/db";
import { findActiveApiKey, touchApiKeyLastUsed } from "@/db/queries/api-keys";
import { withRetry } from "@/db/retry";
import type { Clock } from "@/lib/clock";
import { apiError } from "./http";
import {
  defaultRateLimit,
  rateLimitHeaders,
  rateLimitNow,
  takeTokens,
  type RateDecision,
  type RateLimit,
} from "./rate-limit";

const KEY_PATTERN = /^cpk_[a-f0-9]{8}_[A-Za-z0-9_-]{32,64}$/;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** A new key: the secret is returned once and only its hash is kept. */
export function newApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = `cpk_${randomBytes(4).toString("hex")}`;
  const key = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { key, prefix, secretHash: hashApiKey(key) };
}

export type ApiCaller = {
  /** The key's workspace: the only thing about it the routes use (a key never moves workspace). */
  workspaceId: string;
  keyId: string;
  /**
   * Whether the key came from the per-process key cache (not looked up for this request): an answer
   * given without the ledger's own key check (an unknown member) must confirm the key first.
   */
  isKeyRemembered: boolean;
  /** This key's limits (its own, or the default). */
  rateLimit: RateLimit;
  /** The latest rate-limit decision for this request (sent back as RateLimit headers). */
  rateDecision: RateDecision;
};

/**
 * Only record last-used once a minute per key, off the request's critical path. The minute is
 * measured with performance.now (monotonic, and not Next.js's patched `Date`, which every spend paid
 * for: 1.1% of the server's time at 32 clients); the time written is the app clock's.
 */
const LAST_USED_EVERY_MS = 60_000;
const lastUsedWrites = new Map<string, number>();

/**
 * What the key lookup found, remembered per process for a short while by the secret's hash. Only what
 * never changes for a key (its id and workspace) and its rate limits (enforced in this process's
 * memory anyway) are kept; nothing about the workspace. A route that trusts this (`trustCachedKey`)
 * must run the ledger with the key's id, and the ledger re-checks in its own statement that the key
 * still exists, belongs to the workspace and is not revoked (cp_debit, cp_debit_batch): a key revoked
 * through any instance is refused by every instance at once, whatever they remember.
 */
type CachedKey = {
  workspaceId: string;
  keyId: string;
  rateLimit: RateLimit | null;
  at: number;
  isRemembered: boolean;
};
const KEY_CACHE_MS = 5_000;
const KEY_CACHE_MAX = 10_000;
const keyCache = new Map<string, CachedKey>();

/** Forget one remembered key: the ledger said it is revoked or gone. */
export function forgetKey(keyId: string): void {
  for (const [hash, cached] of keyCache) if (cached.keyId === keyId) keyCache.delete(hash);
}

/** The key as remembered in the last few seconds, or null (answered at once: every spend asks). */
function rememberedKey(secretHash: string): CachedKey | null {
  const cached = keyCache.get(secretHash);
  // performance.now, not the app's clock: a test's manual clock may stand still or go back.
  return cached && performance.now() - cached.at < KEY_CACHE_MS ? { ...cached, isRemembered: true } : null;
}

/** The key looked up in the database (and remembered), or null when it is unknown or revoked. */
async function lookUpKey(db: Database, secretHash: string) {
  const now = performance.now();
  // A read: retried like the ledger's statements when the database blips (a restart, a lost connection).
  const row = await withRetry(() => findActiveApiKey(db, secretHash));
  if (!row) {
    keyCache.delete(secretHash);
    return null;
  }
  const found: CachedKey = {
    workspaceId: row.workspaceId,
    keyId: row.keyId,
    rateLimit:
      row.perSecond !== null && row.burst !== null ? { perSecond: row.perSecond, burst: row.burst } : null,
    at: now,
    isRemembered: false,
  };
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
  keyCache.set(secretHash, found);
  return found;
}

/**
 * `Authorization: Bearer <key>`: 401 for a missing, malformed, unknown or revoked key, 429 past the
 * key's rate limit. With `trustCachedKey` a key seen in the last few seconds is not looked up again:
 * only for routes whose ledger call re-checks the key in its own statement (see CachedKey); every
 * other route looks the key up on every request, so revoking works at once there too.
 */
export async function authenticate(
  db: Database,
  clock: Clock,
  request: Request,
  { trustCachedKey = false }: { trustCachedKey?: boolean } = {},
): Promise<ApiCaller | Response> {
  const header = request.headers.get("authorization") ?? "";
  const key = header.startsWith("Bearer ") ? header.slice(7).trim() : "";
  if (!KEY_PATTERN.test(key)) {
    return apiError(401, "unauthorized", "Send a valid API key as `Authorization: Bearer <key>`.");
  }
  const secretHash = hashApiKey(key);
  let row = (trustCachedKey ? rememberedKey(secretHash) : null) ?? (await lookUpKey(db, secretHash));
  if (!row) return keyRefused();
  let rateLimit = row.rateLimit ?? defaultRateLimit();
  let rateDecision = takeTokens(row.keyId, 1, rateLimit, rateLimitNow());
  if (!rateDecision.ok && row.isRemembered) {
    // Before "retry later", make sure of the remembered key: a key revoked since is told 401 (a retry
    // would never pass), and a limit changed on another instance applies. A refused token costs nothing,
    // so the bucket is asked again with what the database says now.
    row = await lookUpKey(db, secretHash);
    if (!row) return keyRefused();
    rateLimit = row.rateLimit ?? defaultRateLimit();
    rateDecision = takeTokens(row.keyId, 1, rateLimit, rateLimitNow());
  }
  if (!rateDecision.ok) return rateLimited(rateDecision);
  const at = performance.now();
  const last = lastUsedWrites.get(row.keyId);
  if (last === undefined || at - last > LAST_USED_EVERY_MS) {
    lastUsedWrites.set(row.keyId, at);
    void touchApiKeyLastUsed(db, row.workspaceId, row.keyId, clock.now()).catch(() =>
      lastUsedWrites.delete(row.keyId),
    );
  }
  return {
    workspaceId: row.workspaceId,
    keyId: row.keyId,
    isKeyRemembered: row.isRemembered,
    rateLimit,
    rateDecision,
  };
}

/** 401 for an unknown or revoked key: the same answer whether the lookup or the ledger found out. */
export function keyRefused(): Response {
  return apiError(401, "unauthorized", "This API key is not valid or has been revoked.");
}

/** 429 with Retry-After and the RateLimit headers; nothing was done. */
export function rateLimited(decision: RateDecision): Response {
  const response = apiError(
    429,
    "rate_limited",
    `Too many requests for this API key (its limit is ${decision.limit.perSecond} a second, bursts of ${decision.limit.burst}). Retry after ${decision.retryAfterSeconds} s.`,
    {
      details: {
        retryAfterSeconds: decision.retryAfterSeconds,
        perSecond: decision.limit.perSecond,
        burst: decision.limit.burst,
      },
    },
  );
  for (const [name, value] of Object.entries(rateLimitHeaders(decision))) response.headers.set(name, value);
  return response;
}
