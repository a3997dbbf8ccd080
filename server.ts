// The app's production server (`npm start`, the demo, e2e and the benchmarks): one node:http server in
// which the metering API (/api/v1/*) goes straight to its route handlers and everything else (every
// page, server action, auth and webhook route, static file) to Next.js's request handler.
//
// Why: in a CPU profile, Next.js's request pipeline cost ~1 ms of CPU per API request before a handler
// ran (docs/PERFORMANCE.md, "Where the milliseconds go"); the handlers are plain `Request → Response`
// functions that need none of it. They are not imported again here: the lean path calls the very same
// functions Next.js would, from the compiled route modules of the build (.next/server/app/api/v1/**),
// in the same module instances Next.js itself loads, so the database pool, group commit, the rate
// limits and caches are shared, not copied. What Next.js added on the way and a client can see is kept:
// the security headers of next.config.ts.
//
//   tsx server.ts [--port N] [--hostname H]
//
// On SIGTERM or SIGINT it stops accepting connections, lets the requests in flight finish (at most
// DRAIN_TIMEOUT_MS), closes the connections, then runs shutdown() (lib/runtime/shutdown.ts: the
// scheduler, the outbox, group commit's waiting spends, the pools) and exits. It owns those signals, so
// it unsets NEXT_MANUAL_SIG_HANDLE: instrumentation then installs no `next start` handler of its own.
// First: no source maps for what loads after it (Next.js's build), unless asked for (lib/runtime/source-maps.ts).
import "./lib/runtime/source-maps-off";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import { shutdown } from "./lib/runtime/shutdown";
import { loadLeanRoutes, matchLeanRoute, type LeanRoute } from "./lib/http/lean-routes";
import { readCappedBody, sendResponse, apiSecurityHeadersFor, toRequest } from "./lib/http/node-bridge";

const { values } = parseArgs({
  options: {
    port: { type: "string", short: "p", default: process.env.PORT ?? "3000" },
    hostname: { type: "string", short: "H" },
  },
});
const port = Number(values.port);
/** How long requests in flight may take to finish after SIGTERM before their connections are closed. */
const DRAIN_TIMEOUT_MS = 10_000;
/** Then how long the background work (scheduler, outbox, group commit, pools) may take to stop. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main() {
  // `next start` sets this; a custom server must, or Next.js serves a development build.
  (process.env as Record<string, string>).NODE_ENV = "production";
  // This server owns SIGTERM/SIGINT (below). The graceful handler instrumentation installs for bare
  // `next start` when NEXT_MANUAL_SIG_HANDLE=true (issue 21) must not run beside it.
  delete process.env.NEXT_MANUAL_SIG_HANDLE;
  const dir = process.cwd();
  const app = next({ dev: false, dir, port, hostname: values.hostname, customServer: true });
  const handleWithNext = app.getRequestHandler();
  await app.prepare();
  const routes: LeanRoute[] = await loadLeanRoutes(dir);
  // Imported only now: next.config.ts reads NODE_ENV when it loads (production adds HSTS, drops eval).
  const { default: nextConfig } = await import("./next.config");
  const headers = await apiSecurityHeadersFor(nextConfig);

  let inFlight = 0;
  let draining = false;
  const idle: (() => void)[] = [];
  const settled = () => {
    inFlight -= 1;
    if (inFlight === 0) for (const resolve of idle.splice(0)) resolve();
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    inFlight += 1;
    res.on("close", settled);
    // While draining, finished connections are not kept alive for more requests.
    if (draining) res.setHeader("connection", "close");
    const lean = matchLeanRoute(routes, req.method ?? "GET", req.url ?? "/");
    if (!lean) {
      void handleWithNext(req, res);
      return;
    }
    void (async () => {
      try {
        const body = await readCappedBody(req);
        const response = await lean.handler(toRequest(req, body), { params: Promise.resolve(lean.params) });
        const sending = sendResponse(res, response, headers, body.truncated);
        if (sending) await sending;
      } catch (error) {
        // The handlers answer their own errors (apiRoute); this is the bridge failing, e.g. a client gone.
        console.error(`lean api: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json", "cache-control": "no-store", ...headers });
          res.end(
            JSON.stringify({
              error: { code: "internal_error", message: "Something went wrong on our side." },
            }),
          );
        } else res.destroy();
      }
    })();
  });
  // Node's defaults, written down: a slow client cannot hold a request open forever.
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  server.keepAliveTimeout = 5_000;

  server.listen(port, values.hostname, () => {
    console.log(
      `creditpool: ready on http://${values.hostname ?? "localhost"}:${port} (lean /api/v1: ${routes.length} routes)`,
    );
  });

  const stop = async (signal: NodeJS.Signals) => {
    if (draining) return;
    draining = true;
    console.log(`creditpool: ${signal}: no new connections; finishing ${inFlight} request(s) in flight`);
    server.close();
    server.closeIdleConnections();
    const drained = new Promise<void>((resolve) => (inFlight === 0 ? resolve() : idle.push(resolve)));
    const timedOut = await Promise.race([
      drained.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), DRAIN_TIMEOUT_MS).unref()),
    ]);
    if (timedOut)
      console.log(
        `creditpool: ${inFlight} request(s) still running after ${DRAIN_TIMEOUT_MS} ms; closing them`,
      );
    server.closeAllConnections();
    const report = await shutdown(signal, { timeoutMs: SHUTDOWN_TIMEOUT_MS });
    console.log(
      `creditpool: stopped ${report.stopped.join(", ") || "nothing"} in ${report.ms} ms` +
        (report.failed.length > 0
          ? `; failed: ${report.failed.map((f) => `${f.name} (${f.error})`).join(", ")}`
          : "") +
        (report.timedOut.length > 0 ? `; timed out: ${report.timedOut.join(", ")}` : ""),
    );
    await app.close().catch(() => {});
    process.exit(0);
  };
  // `on`, not `once`: the signal often comes twice (to the process group, and relayed by tsx), and a
  // second one with no handler left would kill the process mid-drain.
  process.on("SIGTERM", (signal) => void stop(signal));
  process.on("SIGINT", (signal) => void stop(signal));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
