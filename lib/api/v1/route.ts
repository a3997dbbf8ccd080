import "server-only";
import { getDb, type Database } from "@/db";
import { getClock, type Clock } from "@/lib/clock";
import { authenticate, type ApiCaller } from "./auth";
import { apiError } from "./http";

export type ApiContext = ApiCaller & { db: Database; clock: Clock };

type Handler<P> = (ctx: ApiContext, request: Request, params: P) => Promise<Response>;

/** A metering API route: API key auth and rate limit first; an unexpected error is a 500 without internals. */
export function apiRoute<P = Record<string, never>>(handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const db = getDb();
    const clock = getClock();
    const caller = await authenticate(db, clock, request);
    if (caller instanceof Response) return caller;
    try {
      return await handler({ ...caller, db, clock }, request, await context.params);
    } catch (error) {
      const reference = crypto.randomUUID();
      console.error(`api error ${reference}:`, error);
      return apiError(500, "internal_error", `Something went wrong on our side. Reference: ${reference}`);
    }
  };
}
