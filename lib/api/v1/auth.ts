import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Database } from "@/db";
import { findActiveApiKey, touchApiKeyLastUsed } from "@/db/queries/api-keys";
import { withRetry } from "@/db/retry";
import type { Workspace } from "@/db/schema";
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
  workspace: Workspace;
  keyId: string;
  /** This key's limits (its own, or the default). */
  rateLimit: RateLimit;
  /** The latest rate-limit decision for this request (sent back as RateLimit headers). */
  rateDecision: RateDecision;
};

/** Only record last-used once a minute per key, off the request's critical path. */
const LAST_USED_EVERY_MS = 60_000;
const lastUsedWrites = new Map<string, number>();

/**
 * `Authorization: Bearer <key>`: 401 for a missing, malformed, unknown or revoked key (looked up
 * on every request, so revoking works at once), 429 past the key's rate limit.
 */
export async function authenticate(
  db: Database,
  clock: Clock,
  request: Request,
): Promise<ApiCaller | Response> {
  const header = request.headers.get("authorization") ?? "";
  const key = header.startsWith("Bearer ") ? header.slice(7).trim() : "";
  if (!KEY_PATTERN.test(key)) {
    return apiError(401, "unauthorized", "Send a valid API key as `Authorization: Bearer <key>`.");
  }
  // A read: retried like the ledger's statements when the database blips (a restart, a lost connection).
  const secretHash = hashApiKey(key);
  const row = await withRetry(() => findActiveApiKey(db, secretHash));
  if (!row) return apiError(401, "unauthorized", "This API key is not valid or has been revoked.");
  const rateLimit =
    row.perSecond !== null && row.burst !== null
      ? { perSecond: row.perSecond, burst: row.burst }
      : defaultRateLimit();
  const rateDecision = takeTokens(row.keyId, 1, rateLimit, rateLimitNow());
  if (!rateDecision.ok) return rateLimited(rateDecision);
  const now = clock.now();
  const last = lastUsedWrites.get(row.keyId) ?? 0;
  if (now.getTime() - last > LAST_USED_EVERY_MS) {
    lastUsedWrites.set(row.keyId, now.getTime());
    void touchApiKeyLastUsed(db, row.workspace.id, row.keyId, now).catch(() =>
      lastUsedWrites.delete(row.keyId),
    );
  }
  return { workspace: row.workspace, keyId: row.keyId, rateLimit, rateDecision };
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
