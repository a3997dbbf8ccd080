import "server-only";
import { getDb, type Database } from "@/db";
import { getClock, type Clock } from "@/lib/clock";
import { authenticate, type ApiCaller } from "./auth";
import { describeErrorForLog } from "@/lib/log/safe-error";
import { apiError } from "./http";

export type ApiContext = ApiCaller & { db: Database; clock: Clock };

type Handler<P> = (ctx: ApiContext, request: Request, params: P) => Promise<Response>;

/**
 * Never cached, and never compressed by the server: gzip costs more CPU than these few hundred
 * bytes of JSON save (it was the largest single cost per request in a profile under load).
 */
function finish(response: Response): Response {
  response.headers.set("cache-control", "no-store, no-transform");
  return response;
}

/** A metering API route: API key auth and rate limit first; an unexpected error is a 500 without internals. */
export function apiRoute<P = Record<string, never>>(handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const db = getDb();
    const clock = getClock();
    try {
      const caller = await authenticate(db, clock, request);
      if (caller instanceof Response) return finish(caller);
      return finish(await handler({ ...caller, db, clock }, request, await context.params));
    } catch (error) {
      const reference = crypto.randomUUID();
      // Never the error object itself: a failed query's parameters would reach the log.
      console.error(`api error ${reference}: ${describeErrorForLog(error)}`);
      return finish(
        apiError(500, "internal_error", `Something went wrong on our side. Reference: ${reference}`),
      );
    }
  };
}
