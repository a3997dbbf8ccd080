// npm run bench:analytics: the analytics queries on a big workspace, measured against a baseline
// (the same breakdown computed from the raw usage events) in the same run, on its own embedded
// PostgreSQL in .data/bench-analytics. Then the cost of the rollup trigger in the spend path.
//
//   1. loads N usage events (default 1,000,000) over the last 100 days into one workspace with 50
//      members and the 7 rate-card models, set-based (generate_series), in chunks of 250,000: each
//      chunk is one INSERT of ledger entries and one INSERT of usage events, so the rollup trigger
//      builds usage_daily exactly as it does for a batch spend;
//   2. checks the rollups against the raw events (all time), then times each query 40 times per
//      range (7, 30 and 90 days) and prints p50/p95 and the ratio to the raw-events baseline;
//   3. times 5,000 spends (one client, then 8) and 10 batches of 500 with the rollup trigger and
//      with it disabled (alternating, twice, best of each).
//
// Options: --events N, --iterations N (default 40), --keep (keep .data/bench-analytics).
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import type { Database } from "../../db";
import { addMember } from "../../db/queries/members";
import { createUser } from "../../db/queries/users";
import { getDailyCredits, getUsageBreakdown, listUsageDimensions } from "../../db/queries/analytics";
import { listMemberGenerations } from "../../db/queries/usage";
import { addDays, localToday } from "../../lib/analytics/range";
import { measureRollupTriggerCost } from "./analytics-trigger-cost";
import { enterpriseWorkspace, percentile, RATE_PAIRS as PAIRS, runBench, type Bench } from "./support";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "1000000" },
    iterations: { type: "string", default: "40" },
    keep: { type: "boolean", default: false },
  },
});
const EVENTS = Number(values.events);
const ITERATIONS = Number(values.iterations);
const DATA_DIR = ".data/bench-analytics";
const CHUNK = 250_000;
const MEMBERS = 50;
const TIME_ZONE = "Europe/Berlin";

async function time(iterations: number, op: () => Promise<unknown>): Promise<number[]> {
  await op(); // warm: plan cache, buffers
  const latencies: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const t0 = performance.now();
    await op();
    latencies.push(performance.now() - t0);
  }
  return latencies.sort((a, b) => a - b);
}

/** The breakdown straight from usage_events: what the page would cost without rollups. */
async function rawBreakdown(db: Database, workspaceId: string, from: string, to: string) {
  return db.execute(sql`
    with e as (
      select (created_at at time zone ${TIME_ZONE})::date as day, feature, model, membership_id,
             results, credits - credits_refunded as credits
        from usage_events
       where workspace_id = ${workspaceId}::uuid
         and created_at >= (${from}::date)::timestamp at time zone ${TIME_ZONE}
         and created_at < (${addDays(to, 1)}::date)::timestamp at time zone ${TIME_ZONE})
    select grouping(day, feature, model, membership_id) as g, day, feature, model, membership_id,
           count(*) as generations, sum(results) as results, sum(credits) as credits
      from e group by grouping sets ((day, feature), (day, model), (feature), (model), (membership_id), ())`);
}

async function load(db: Database, workspaceId: string, memberIds: string[], today: string) {
  // Events spread over the last 100 local days with a weekday rhythm (weekends are quieter),
  // members with different appetites and a model mix.
  const start = Date.parse(`${addDays(today, -99)}T00:00:00Z`);
  const pairs = `(values ${PAIRS.map(([f, m, c], i) => `(${i}, '${f}', '${m}', ${c})`).join(", ")}) as p(i, feature, model, price)`;
  const members = `(select m, (array[${memberIds.map((id) => `'${id}'::uuid`).join(",")}])[m + 1] as id from generate_series(0, ${memberIds.length - 1}) m) as mm`;
  for (let offset = 0; offset < EVENTS; offset += CHUNK) {
    const n = Math.min(CHUNK, EVENTS - offset);
    const t0 = performance.now();
    await db.execute(
      sql.raw(`
      with g as (
        select s, to_timestamp(${start / 1000} + random() * 100 * 86400) as at,
               floor(power(random(), 2) * ${memberIds.length})::int as m,
               floor(power(random(), 1.6) * ${PAIRS.length})::int as p,
               1 + floor(random() * 4)::int as results
          from generate_series(1, ${n}) s),
      planned as (
        select g.*, mm.id as member, p.feature, p.model, p.price * g.results as credits
          from g join ${members} on mm.m = g.m join ${pairs} on p.i = g.p
         where extract(isodow from g.at) < 6 or random() < 0.5),
      entries as (
        insert into ledger_entries (workspace_id, amount, balance_after, code, membership_id, split_top_up,
            idempotency_key, request_hash, metadata, created_at)
        select '${workspaceId}', -credits, 0, 'spend', member, -credits, 'bench:${offset}:' || s, 'bench',
               jsonb_build_object('feature', feature, 'model', model, 'results', results), at
          from planned
        returning id, membership_id, -amount as credits, metadata, created_at)
      insert into usage_events (workspace_id, membership_id, feature, model, settings, results, credits,
          ledger_entry_id, created_at)
      select '${workspaceId}', membership_id, metadata->>'feature', metadata->>'model', '{}'::jsonb,
             (metadata->>'results')::int, credits, id, created_at
        from entries`),
    );
    console.log(
      `  loaded ${Math.min(offset + n, EVENTS).toLocaleString("en-US")} rows in chunks (${((performance.now() - t0) / 1000).toFixed(1)} s for this chunk)`,
    );
  }
}

async function main({ db }: Bench) {
  const owner = await createUser(db, { email: `bench-${randomUUID()}@bench.test`, name: "Bench owner" });
  const { workspace, owner: ownerMembership } = await enterpriseWorkspace(db, {
    ownerUserId: owner.id,
    label: "Analytics bench",
    timeZone: TIME_ZONE,
  });
  const memberIds = [ownerMembership.id];
  for (let i = 1; i < MEMBERS; i += 1) {
    const user = await createUser(db, {
      email: `member-${i}-${randomUUID()}@bench.test`,
      name: `Member ${i}`,
    });
    memberIds.push((await addMember(db, { workspaceId: workspace.id, userId: user.id, role: "member" })).id);
  }
  const today = localToday(new Date(), TIME_ZONE);
  console.log(
    `bench:analytics: loading ${EVENTS.toLocaleString("en-US")} candidate events (weekends thinned)`,
  );
  const t0 = performance.now();
  await load(db, workspace.id, memberIds, today);
  await db.execute(sql`vacuum analyze usage_events`);
  await db.execute(sql`vacuum analyze usage_daily`);
  const [counts] = await db.execute<{ events: string; rollups: string; same: boolean }>(sql`
      select (select count(*) from usage_events) as events, (select count(*) from usage_daily) as rollups,
             (select sum(credits - credits_refunded) from usage_daily) = (select sum(credits) from usage_events) as same`);
  console.log(
    `  ${Number(counts?.events).toLocaleString("en-US")} events, ${Number(counts?.rollups).toLocaleString("en-US")} rollup rows, loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s; rollups match events: ${counts?.same}`,
  );
  if (!counts?.same) throw new Error("rollups do not match the events");

  const busiest = memberIds[0] ?? "";
  const quiet = memberIds.at(-1) ?? "";
  const rows: Record<string, string | number>[] = [];
  for (const days of [7, 30, 90]) {
    const range = { from: addDays(today, 1 - days), to: today };
    const cases: [string, () => Promise<unknown>, number][] = [
      ["Analytics page: breakdown (rollups)", () => getUsageBreakdown(db, workspace.id, range), ITERATIONS],
      [
        "Analytics page: breakdown, one model filtered",
        () => getUsageBreakdown(db, workspace.id, { ...range, model: "motion-pro" }),
        ITERATIONS,
      ],
      ["Analytics page: filter choices", () => listUsageDimensions(db, workspace.id, range), ITERATIONS],
      [
        "My usage: one member's breakdown",
        () => getUsageBreakdown(db, workspace.id, { ...range, membershipId: quiet }),
        ITERATIONS,
      ],
      ["Forecast: daily credits", () => getDailyCredits(db, workspace.id, range), ITERATIONS],
      [
        "baseline: breakdown from raw usage_events",
        () => rawBreakdown(db, workspace.id, range.from, range.to),
        Math.max(3, Math.floor(ITERATIONS / 8)),
      ],
    ];
    const measured: { name: string; latencies: number[] }[] = [];
    for (const [name, op, iterations] of cases)
      measured.push({ name, latencies: await time(iterations, op) });
    const baseline = measured.at(-1);
    for (const { name, latencies } of measured) {
      rows.push({
        query: name,
        range: `${days} days`,
        runs: latencies.length,
        "p50 ms": percentile(latencies, 50).toFixed(1),
        "p95 ms": percentile(latencies, 95).toFixed(1),
        "× faster than baseline (p50)":
          baseline && baseline.name !== name
            ? (percentile(baseline.latencies, 50) / percentile(latencies, 50)).toFixed(0)
            : "",
      });
    }
  }
  for (const [label, id] of [
    ["busiest", busiest],
    ["quietest", quiet],
  ] as const) {
    const latencies = await time(ITERATIONS, () =>
      listMemberGenerations(db, workspace.id, id, { limit: 25 }),
    );
    rows.push({
      query: `My usage: recent generations (${label} member)`,
      range: "newest 25",
      runs: latencies.length,
      "p50 ms": percentile(latencies, 50).toFixed(1),
      "p95 ms": percentile(latencies, 95).toFixed(1),
      "× faster than baseline (p50)": "",
    });
  }
  console.table(rows);

  console.log("bench:analytics: cost of the rollup trigger in the spend path");
  await measureRollupTriggerCost(db, TIME_ZONE);
}

runBench({ name: "bench:analytics", dataDir: DATA_DIR, keep: values.keep, poolSize: 10 }, main);
