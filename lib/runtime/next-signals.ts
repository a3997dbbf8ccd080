// SIGTERM (and SIGINT) for `next start`: Next.js's own handler closes the server and exits at once,
// cutting off the requests in flight and the scheduler's current job. With NEXT_MANUAL_SIG_HANDLE=true
// (the launcher, scripts/with-db.ts, sets it) Next leaves the signals to us, and instrumentation.ts
// installs this handler, which
//
//   1. stops accepting connections: it closes the process's listening HTTP servers (the load balancer
//      sees the port refuse and sends new requests to another instance),
//   2. lets the requests in flight finish, at most `drainMs`, closing keep-alive connections as they
//      go idle, then cuts off the rest,
//   3. runs shutdown() (lib/runtime/shutdown.ts): scheduler and outbox runner finish their current job,
//      group commit hands in its waiting spends, the pools close, all within `shutdownMs`,
//   4. exits 0.
//
// Next.js gives no handle on its HTTP server, so step 1 finds it among the process's active handles
// (an undocumented but long-standing Node.js call); without it, step 2 only waits.
import { Server } from "node:net";
import type { Server as HttpServer } from "node:http";
import { shutdown } from "./shutdown";

const DRAIN_MS = 10_000;
const SHUTDOWN_MS = 10_000;

type WithHandles = { _getActiveHandles?: () => unknown[] };

function listeningHttpServers(): HttpServer[] {
  const handles = (process as unknown as WithHandles)._getActiveHandles?.() ?? [];
  return handles.filter(
    (handle): handle is HttpServer =>
      handle instanceof Server && handle.listening && "closeIdleConnections" in handle,
  );
}

/** Closes `server` to new connections; resolves when its last connection has ended or `ms` passed. */
function drain(server: HttpServer, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const cutOff = setTimeout(() => server.closeAllConnections(), ms);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(cutOff);
      resolve();
    });
    server.closeIdleConnections();
  });
}

let installed = false;

/** Installs the graceful SIGTERM/SIGINT handler once per process. */
export function installGracefulShutdown(options: { drainMs?: number; shutdownMs?: number } = {}): void {
  if (installed) return;
  installed = true;
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    void (async () => {
      const began = Date.now();
      const servers = listeningHttpServers();
      console.log(
        `creditpool: ${signal}: closing ${servers.length} listener(s), draining requests in flight`,
      );
      await Promise.all(servers.map((server) => drain(server, options.drainMs ?? DRAIN_MS)));
      const report = await shutdown(signal, { timeoutMs: options.shutdownMs ?? SHUTDOWN_MS });
      console.log(
        `creditpool: stopped in ${Date.now() - began} ms: ${JSON.stringify({
          stopped: report.stopped,
          failed: report.failed,
          timedOut: report.timedOut,
        })}`,
      );
      process.exit(0);
    })();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
