import "server-only";
import { getDb } from "@/lib/db";
import { getClock } from "@/lib/clock";
import type { Deps } from "@/lib/deps";
import { authenticate, forgetKey, rateLimited, type ApiCaller } from "./auth";
import { describeErrorForLog } from "@/lib/log/safe-error";
import { getLogger } from "@/lib/log/logger";
import { observeRequest } from "@/lib/api/observe";
import { apiError } from "./http";
import { rateLimitHeaders, rateLimitNow, takeTokens } from "./rate-limit";

export type ApiContext = ApiCaller &
  Deps & {
    /**
     * Takes `tokens` more from the key's bucket (a batch costs one per started 100 records): a 429
     * to return as it is, or null to go on. Call it before any work.
     */
    takeMoreTokens: (tokens: number) => Response | null;
  };

type Handler<P> = (ctx: ApiContext, request: Request, params: P) => Promise<Response>;

/**
 * Never cached, and never compressed by the server: gzip costs more CPU than these few hundred
 * bytes of JSON save (it was the largest single cost per request in a profile under load). Every
 * metering answer goes out through here, the API's 404 (app/api/v1/[[...path]]) included.
 */
export function finishApiResponse(response: Response): Response {
  response.headers.set("cache-control", "no-store, no-transform");
  return response;
}

type RouteOptions = {
  /**
   * The key may come from the per-process key cache (lib/api/v1/auth.ts) instead of a lookup: only for
   * a route that does nothing with the key before its ledger call, whose statement re-checks the key
   * (cp_debit, cp_debit_batch), and that answers the ledger's `api_key_revoked` with 401.
   */
  trustCachedKey?: boolean;
};

/**
 * For POST /api/v1/usage, /holds and /quote: their one ledger call (cp_debit) re-checks the key, so a
 * spend pays no key lookup. The other routes look the key up on every request: the batch (one lookup
 * per up to 1,000 records is nothing, and records naming unknown members are answered without a ledger
 * call), settle and release (cp_settle and cp_release take no key) and the reads (balance, totals).
 */
export const KEY_CHECKED_BY_LEDGER: RouteOptions = { trustCachedKey: true };

/**
 * A metering API route: API key auth and rate limit first; an unexpected error is a 500 without
 * internals. Observed (request id, metrics, access log) by lib/api/observe.ts.
 */
export function apiRoute<P = Record<string, never>>(handler: Handler<P>, options: RouteOptions = {}) {
  return (request: Request, context: { params: Promise<P> }): Promise<Response> =>
    observeRequest(request, () => runApiRoute(handler, request, context, options));
}

async function runApiRoute<P>(
  handler: Handler<P>,
  request: Request,
  context: { params: Promise<P> },
  options: RouteOptions,
): Promise<Response> {
  const db = getDb();
  const clock = getClock();
  try {
    const caller = await authenticate(db, clock, request, options);
    if (caller instanceof Response) return finishApiResponse(caller);
    let decision = caller.rateDecision;
    const takeMoreTokens = (tokens: number) => {
      // One token went to the call itself: a cost above the burst needs at most the rest of a full bucket.
      const more = Math.min(tokens, caller.rateLimit.burst - 1);
      if (more <= 0) return null;
      decision = takeTokens(caller.keyId, more, caller.rateLimit, rateLimitNow());
      return decision.ok ? null : rateLimited(decision);
    };
    const response = await handler({ ...caller, db, clock, takeMoreTokens }, request, await context.params);
    // The ledger found the remembered key revoked or gone: look it up afresh next time.
    if (response.status === 401) forgetKey(caller.keyId);
    for (const [name, value] of Object.entries(rateLimitHeaders(decision))) {
      if (!response.headers.has(name)) response.headers.set(name, value);
    }
    return finishApiResponse(response);
  } catch (error) {
    const reference = crypto.randomUUID();
    // Never the error object itself: a failed query's parameters would reach the log.
    getLogger().error({ reference, error: describeErrorForLog(error) }, "api error");
    return finishApiResponse(
      apiError(500, "internal_error", `Something went wrong on our side. Reference: ${reference}`),
    );
  }
}
