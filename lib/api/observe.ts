// The one wrapper every route handler's work runs in (the metering API's apiRoute, the browser's
// workspaceRoute, the Stripe webhook, health): a request id for every log line written while it
// runs (the caller's X-Request-Id when sane, else a new one, sent back in X-Request-Id), the
// request counted and timed by route template and status, and one access log line. It sits in the
// handler path, not in middleware, so any server that calls the same handlers counts the same.
import "server-only";
import { logRequest, requestIdOf, withRequestId } from "@/lib/log/logger";
import { REQUEST_ID_HEADER } from "@/lib/log/request-id";
import { getMetrics } from "@/lib/metrics/registry";
import { routeTemplate } from "@/lib/metrics/routes";

/** Runs `handle` as one observed request. */
export async function observeRequest(request: Request, handle: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  const reqId = requestIdOf(request);
  return withRequestId(reqId, async () => {
    let status = 500;
    try {
      const response = await handle();
      status = response.status;
      try {
        response.headers.set(REQUEST_ID_HEADER, reqId);
      } catch {
        // Immutable headers (a Response.redirect): the log line still has the id.
      }
      return response;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const labels = {
        route: routeTemplate(new URL(request.url).pathname),
        method: request.method,
        status: String(status),
      };
      // One update: the request counter is the histogram's count, read when scraped (lib/metrics/registry.ts).
      getMetrics().httpDuration.observe(labels, seconds);
      logRequest({
        route: labels.route,
        method: labels.method,
        status,
        ms: Math.round(seconds * 10_000) / 10,
      });
    }
  });
}
