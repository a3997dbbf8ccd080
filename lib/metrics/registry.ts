// The process's Prometheus metrics (prom-client), in one registry kept on globalThis: Next.js bundles
// route handlers and instrumentation.ts separately, and every copy must count into the same series.
// What is counted where: README "Health, metrics and logs". Gauges that read the database (outbox,
// job lag) are filled at scrape time by lib/ops/shared-metrics.ts, not here.
import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

const HTTP_DURATION = "creditpool_http_request_duration_seconds";

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "creditpool_" });
  const registers = [registry];
  const httpDuration = new Histogram({
    name: HTTP_DURATION,
    help: "Time from the handler's start to its response, by route template, method and status.",
    labelNames: ["route", "method", "status"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  return {
    registry,
    httpDuration,
    httpRequests: new Counter({
      name: "creditpool_http_requests_total",
      help: "HTTP requests answered by the API handlers, by route template, method and status.",
      labelNames: ["route", "method", "status"] as const,
      registers,
      // Each label set's count is the duration histogram's (every answered request is observed once,
      // lib/api/observe.ts), copied in when scraped: a request pays one metric update, not two.
      async collect() {
        const { values } = await httpDuration.get();
        this.reset();
        for (const value of values)
          if (value.metricName === `${HTTP_DURATION}_count`) this.inc(value.labels, value.value);
      },
    }),
    ledgerOperations: new Counter({
      name: "creditpool_ledger_operations_total",
      help: "Ledger operations by kind and result (ok, refused, error).",
      labelNames: ["operation", "result"] as const,
      registers,
    }),
    ledgerRefusals: new Counter({
      name: "creditpool_ledger_refusals_total",
      help: "Refused ledger operations by kind and refusal code.",
      labelNames: ["operation", "code"] as const,
      registers,
    }),
    groupCommitBatchSize: new Histogram({
      name: "creditpool_group_commit_batch_size",
      help: "Spends debited per ledger statement by group commit: one workspace's batch or several workspaces' group (1 = a spend that went alone).",
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000],
      registers,
    }),
    autoTopUpAttempts: new Counter({
      name: "creditpool_auto_top_up_attempts_total",
      help: "Auto top-up charge attempts run by this instance, by outcome.",
      labelNames: ["outcome"] as const,
      registers,
    }),
    outboxBacklog: new Gauge({
      name: "creditpool_outbox_backlog",
      help: "Notification deliveries still pending (due now or retrying later), by channel.",
      labelNames: ["channel"] as const,
      registers,
    }),
    outboxOldestAge: new Gauge({
      name: "creditpool_outbox_oldest_age_seconds",
      help: "Age of the oldest pending notification delivery, by channel (0 when none).",
      labelNames: ["channel"] as const,
      registers,
    }),
    jobLag: new Gauge({
      name: "creditpool_job_lag_seconds",
      help: "How long the oldest due, not yet started job of each scheduler queue has waited (0 when none).",
      labelNames: ["queue"] as const,
      registers,
    }),
    schedulerLastRun: new Gauge({
      name: "creditpool_scheduler_last_run_age_seconds",
      help: "Seconds since the credit-cycles job last completed on any instance (-1: never).",
      registers,
    }),
    dbPoolSize: new Gauge({
      name: "creditpool_db_pool_size",
      help: "Connections this instance's pool may open (DATABASE_POOL_SIZE).",
      registers,
    }),
    dbPoolInUse: new Gauge({
      name: "creditpool_db_pool_in_use",
      help: "Queries and transactions this instance has in flight on its pool, at most the pool size.",
      registers,
    }),
    dbPoolWaiting: new Gauge({
      name: "creditpool_db_pool_waiting",
      help: "Queries and transactions waiting for a connection of this instance's pool.",
      registers,
    }),
    dbLanesOpen: new Gauge({
      name: "creditpool_db_lanes_open",
      help: "Connections this instance has opened beside its pool for group commit's spends (db/lanes.ts), at most the pool size.",
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as unknown as { creditpoolMetrics?: Metrics };

export function getMetrics(): Metrics {
  globalForMetrics.creditpoolMetrics ??= createMetrics();
  return globalForMetrics.creditpoolMetrics;
}
