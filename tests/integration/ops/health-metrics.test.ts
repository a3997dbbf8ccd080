// Health and metrics, through the route handlers Next.js calls: liveness, readiness (a database
// that is down or missing migrations is not ready), the token on /api/metrics, and the series an
// operator reads: requests by route template and status, ledger operations and refusals by code,
// group-commit batch sizes, the outbox backlog, job lag and the pool's use.
import { METRICS_TOKEN } from "./metrics-env";
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "@/db";
import { resetRateLimits } from "@/lib/api/v1/rate-limit";
import { manualClock } from "@/lib/clock";
import { checkReadiness } from "@/lib/ops/readiness";
import { SCHEDULER_QUEUES } from "@/lib/ops/shared-metrics";
import { renderMetrics } from "@/lib/ops/metrics-endpoint";
import * as live from "@/app/api/health/live/route";
import * as ready from "@/app/api/health/ready/route";
import * as metricsRoute from "@/app/api/metrics/route";
import { raiseCreditEvent } from "@/db/queries/credit-events";
import { call, makeApiKey } from "../../support/api";
import { makeTeam } from "../../support/access";
import { ensureTestRates, fund, testContext } from "../../support/db";
import { scratchDatabases } from "../../support/scratch-databases";

const scratch = scratchDatabases("ops_health");

beforeAll(async () => {
  await ensureTestRates();
  resetRateLimits();
});
afterAll(async () => {
  await scratch.dropAll();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  new Request(`http://creditpool.test${path}`, { headers });

async function scrape(): Promise<string> {
  const response = await metricsRoute.GET(get("/api/metrics", { authorization: `Bearer ${METRICS_TOKEN}` }));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain");
  return response.text();
}

/** The value of one sample (0 when absent), labels matched exactly. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort();
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? "")
      .split(/,(?=[a-zA-Z_]+=")/)
      .filter(Boolean)
      .sort();
    if (JSON.stringify(have) === JSON.stringify(wanted)) return Number(match[3]);
  }
  return 0;
}

describe("GET /api/health/live", () => {
  it("answers 200 without touching the database, with a request id", async () => {
    const response = await live.GET(get("/api/health/live"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const traced = await live.GET(get("/api/health/live", { "x-request-id": "lb-check-00000001" }));
    expect(traced.headers.get("x-request-id")).toBe("lb-check-00000001");
  });
});

describe("GET /api/health/ready", () => {
  it("is ready on a migrated database and reports the scheduler without gating on it", async () => {
    const response = await ready.GET(get("/api/health/ready"));
    const body = (await response.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(response.status).toBe(200);
    expect(body.status).toBe("ready");
    expect(body.checks.database?.ok).toBe(true);
    expect(body.checks.migrations).toMatchObject({ ok: true });
    expect(body.checks).toHaveProperty("scheduler");
    expect(JSON.stringify(body)).not.toMatch(/postgres:\/\/|password/i);
  });

  it("is not ready when the database does not answer", async () => {
    const down = createDatabase("postgres://nobody@127.0.0.1:9/none", { max: 1 });
    const readiness = await checkReadiness({ db: down, clock: manualClock(new Date()) });
    expect(readiness.ready).toBe(false);
    expect(readiness.checks.database).toEqual({ ok: false, detail: "unreachable" });
    await down.$client.end({ timeout: 1 });
  });

  it("is not ready while migrations are missing, and ready once they are applied", async () => {
    const { url } = await scratch.create({ migrate: false });
    const db = createDatabase(url, { max: 2 });
    const before = await checkReadiness({ db, clock: manualClock(new Date()) });
    expect(before.ready).toBe(false);
    expect(before.checks.migrations.detail).toMatch(/^0 of \d+ applied$/);
    const { runMigrations } = await import("@/db/migrate");
    await runMigrations(url);
    const after = await checkReadiness({ db, clock: manualClock(new Date()) });
    expect(after.ready).toBe(true);
    await db.$client.end({ timeout: 1 });
  });

  it("measures the scheduler's lag from pg-boss's jobs", async () => {
    const { url } = await scratch.create({ migrate: false });
    const db = createDatabase(url, { max: 2 });
    const now = new Date("2026-12-04T12:00:00Z");
    await db.$client.unsafe(`create schema pgboss;
      create table pgboss.job (name text, state text, start_after timestamptz, completed_on timestamptz)`);
    await db.$client.unsafe(`insert into pgboss.job values
      ('credit-cycles', 'completed', '2026-12-04T11:49:00Z', '2026-12-04T11:50:00Z'),
      ('credit-cycles', 'created', '2026-12-04T11:51:00Z', null),
      ('auto-top-up', 'retry', '2026-12-04T11:59:30Z', null),
      ('auto-top-up', 'created', '2026-12-04T12:05:00Z', null)`);
    const readiness = await checkReadiness({ db, clock: manualClock(now) });
    expect(readiness.checks.scheduler).toEqual({
      ok: false,
      lagSeconds: 600,
      detail: "late: last run 600 s ago",
    });
    const metrics = await renderMetrics(
      { db, clock: manualClock(now) },
      `Bearer ${METRICS_TOKEN}`,
      METRICS_TOKEN,
    );
    const text = await metrics.text();
    expect(sample(text, "creditpool_job_lag_seconds", { queue: "credit-cycles" })).toBe(540);
    // The retry is due 30 s ago; the job due in 5 minutes is not late.
    expect(sample(text, "creditpool_job_lag_seconds", { queue: "auto-top-up" })).toBe(30);
    expect(sample(text, "creditpool_job_lag_seconds", { queue: "payments-reconcile" })).toBe(0);
    expect(sample(text, "creditpool_scheduler_last_run_age_seconds")).toBe(600);
    expect(SCHEDULER_QUEUES).toContain("payments-reconcile");
    await db.$client.end({ timeout: 1 });
  });
});

describe("GET /api/metrics", () => {
  it("needs the token: 401 without it or with another, constant-time compared", async () => {
    for (const authorization of [
      undefined,
      "Bearer nope",
      `Basic ${METRICS_TOKEN}`,
      `Bearer ${METRICS_TOKEN}x`,
    ]) {
      const response = await metricsRoute.GET(get("/api/metrics", authorization ? { authorization } : {}));
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain("creditpool_");
    }
  });

  it("is off (404) when no token is configured", async () => {
    const response = await renderMetrics(testContext(new Date()), `Bearer ${METRICS_TOKEN}`, undefined);
    expect(response.status).toBe(404);
  });

  it("counts requests by route template and status, and ledger operations and refusals by code", async () => {
    const team = await makeTeam();
    await fund(testContext(new Date()), team.workspace.id, 100);
    const { key } = await makeApiKey(team.workspace.id);
    const before = await scrape();
    const charge = (results: number) => ({
      idempotencyKey: randomUUID(),
      member: team.member.user.email,
      feature: "unit",
      model: "one",
      results,
    });
    expect((await call("POST", "/api/v1/usage", { key, body: charge(60) })).status).toBe(201);
    expect((await call("POST", "/api/v1/usage", { key, body: charge(60) })).status).toBe(402);
    expect((await call("POST", `/api/v1/holds/${randomUUID()}/release`, { key })).status).toBe(404);
    expect((await call("GET", "/api/v1/balance", { key: "cpk_00000000_wrong" })).status).toBe(401);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) =>
      sample(after, name, labels) - sample(before, name, labels);
    const usage = { route: "/api/v1/usage", method: "POST" };
    expect(delta("creditpool_http_requests_total", { ...usage, status: "201" })).toBe(1);
    expect(delta("creditpool_http_requests_total", { ...usage, status: "402" })).toBe(1);
    expect(delta("creditpool_http_request_duration_seconds_count", { ...usage, status: "201" })).toBe(1);
    expect(
      delta("creditpool_http_requests_total", {
        route: "/api/v1/holds/[holdId]/release",
        method: "POST",
        status: "404",
      }),
    ).toBe(1);
    expect(
      delta("creditpool_http_requests_total", { route: "/api/v1/balance", method: "GET", status: "401" }),
    ).toBe(1);
    // No raw path (with its id) ever becomes a label.
    expect(after).not.toMatch(/route="\/api\/v1\/holds\/[0-9a-f]{8}-/);
    expect(
      delta("creditpool_ledger_operations_total", { operation: "spend", result: "ok" }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      delta("creditpool_ledger_refusals_total", { operation: "spend", code: "insufficient_credits" }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      delta("creditpool_ledger_operations_total", { operation: "grant", result: "ok" }),
    ).toBeGreaterThanOrEqual(0);
    expect(delta("creditpool_group_commit_batch_size_count")).toBeGreaterThanOrEqual(2);
    expect(sample(after, "creditpool_db_pool_size")).toBeGreaterThan(0);
    expect(after).toContain("creditpool_db_pool_in_use");
    // The spends above went on a lane of the pool's database (db/lanes.ts).
    expect(sample(after, "creditpool_db_lanes_open")).toBeGreaterThan(0);
    expect(after).toContain("creditpool_process_cpu_seconds_total");
  });

  it("reports the outbox backlog and its oldest age by channel", async () => {
    const team = await makeTeam();
    const before = await scrape();
    await raiseCreditEvent(testContext(new Date()).db, {
      workspaceId: team.workspace.id,
      type: "credit_purchase_failed",
      dedupeKey: `metrics:${randomUUID()}`,
      payload: { credits: 5_000, reason: "card_declined" },
      at: new Date(Date.now() - 120_000),
    });
    const after = await scrape();
    // One email to the owner and one to the admin (other tests' rows may come and go meanwhile).
    expect(sample(after, "creditpool_outbox_backlog", { channel: "email" })).toBeGreaterThanOrEqual(2);
    expect(
      sample(after, "creditpool_outbox_oldest_age_seconds", { channel: "email" }),
    ).toBeGreaterThanOrEqual(110);
    expect(before).toContain('creditpool_outbox_backlog{channel="webhook"}');
  });
});
