// The request id for pages and server actions. They do not run inside a handler of ours (Next.js
// calls them), so the id comes from the request header proxy.ts sets on every page request and
// server action (X-Request-Id). `inRequest` runs a piece of work with it in the logger's context
// (every line written inside, by any module, carries it: server actions run in it, see
// lib/actions/action-client.ts); `requestLogger` gives a page a pino child logger bound to it.
import "server-only";
import { headers } from "next/headers";
import type { Logger } from "pino";
import { getLogger, withRequestId } from "@/lib/log/logger";
import { REQUEST_ID_HEADER } from "@/lib/log/request-id";

/** This request's id from proxy.ts's header, or null outside a request (a script, a test). */
async function currentRequestId(): Promise<string | null> {
  try {
    return (await headers()).get(REQUEST_ID_HEADER);
  } catch {
    return null; // no request scope
  }
}

/** Runs `fn` with this request's id on every log line written inside it. */
export async function inRequest<T>(fn: () => Promise<T>): Promise<T> {
  const reqId = await currentRequestId();
  return reqId ? withRequestId(reqId, fn) : fn();
}

/** A child of the process's logger carrying this request's id (for pages). */
export async function requestLogger(): Promise<Logger> {
  const reqId = await currentRequestId();
  return reqId ? getLogger().child({ reqId }) : getLogger();
}
