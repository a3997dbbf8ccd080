// npm run bench:pages: the server response time of the dashboard's pages for a workspace with
// 10,000,000 generations (10,000,000 ledger entries and usage events) and 500 members, signed in
// over HTTP as its owner, against the same pages of an empty workspace in the same run. Target:
// p95 < 150 ms for every page of the big workspace.
//
// Each page is fetched ITERATIONS times one after another (after 3 warm-up requests) and read to the
// end: the time is the whole server response, HTML included. The database is the one bench:size
// keeps in .data/bench-size (seeded on first use; delete the folder to start over).
//
// Options: --iterations N (default 40), --port N (app, default 3300), --db-port N (default: any free
// port), --events N (default 10,000,000), --data DIR (default .data/bench-size).
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import type { Database } from "../../db";
import { createUser } from "../../db/queries/users";
import { hashPassword } from "../../lib/auth/password";
import { PASSWORD, signIn } from "./hostile-requests";
import { findOrSeed } from "./seed-at-size";
import { enterpriseWorkspace, fund, percentile, runBench, type Bench } from "./support";

const { values } = parseArgs({
  options: {
    iterations: { type: "string", default: "40" },
    port: { type: "string", default: "3300" },
    "db-port": { type: "string" },
    events: { type: "string", default: "10000000" },
    data: { type: "string", default: ".data/bench-size" },
  },
});
const ITERATIONS = Number(values.iterations);
const APP_PORT = Number(values.port);
const EVENTS = Number(values.events);
const TARGET_P95_MS = 150;

/** The pages timed, as paths under /w/<slug>, for a workspace with these ids. */
async function pagesOf(db: Database, workspaceId: string, aMember: string) {
  // A deep page of Transactions: the keyset cursor halfway through the workspace's history.
  const [middle] = await db.execute<{ cursor: string | null }>(sql`
    select ((min(id) + max(id)) / 2)::text as cursor from ledger_entries where workspace_id = ${workspaceId}::uuid`);
  const deep = middle?.cursor ? `?cursor=${middle.cursor}` : "";
  return [
    ["Overview", ""],
    ["Credits & Billing", "/settings/billing"],
    ["Transactions, first page", "/transactions"],
    ["Transactions, a deep page (middle of the history)", `/transactions${deep}`],
    ["Transactions, one member", `/transactions?member=${aMember}`],
    // A member with no entries yet (just invited; or any id in a hand-made URL): the filter's worst case.
    ["Transactions, a member with no entries", `/transactions?member=${randomUUID()}`],
    ["Analytics, 90 days", "/analytics?range=90d"],
    ["Analytics, 90 days, members by name, page 2", "/analytics?range=90d&sort=name&dir=asc&page=2"],
    [
      "Analytics, 90 days, one model and one member",
      `/analytics?range=90d&model=imagine-standard&member=${aMember}`,
    ],
    ["Manage Access (members)", "/settings/members"],
    ["My usage", "/usage"],
  ] as const;
}

async function timePage(url: string, cookie: string): Promise<number[]> {
  const get = async () => {
    const t0 = performance.now();
    const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < 3; i += 1) await get();
  const latencies: number[] = [];
  for (let i = 0; i < ITERATIONS; i += 1) latencies.push(await get());
  return latencies.sort((a, b) => a - b);
}

async function main({ db, serve }: Bench) {
  const t0 = performance.now();
  const big = await findOrSeed(db, EVENTS);
  console.log(
    `bench:pages: ${big.events.toLocaleString("en-US")} generations, ${big.memberIds.length} members ready (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
  );
  // The baseline: the same pages of an empty workspace, owned by someone who signs in the same way.
  const emptyOwnerEmail = `empty-${randomUUID()}@bench.test`;
  const emptyOwner = await createUser(db, {
    email: emptyOwnerEmail,
    name: "Empty owner",
    passwordHash: await hashPassword(PASSWORD),
    emailVerifiedAt: new Date(),
  });
  const { workspace: empty, owner: emptyMembership } = await enterpriseWorkspace(db, {
    ownerUserId: emptyOwner.id,
    label: "Empty pages",
    timeZone: "Europe/Berlin",
  });
  await fund(db, empty.id, 1_000);

  await serve(APP_PORT);
  const base = `http://127.0.0.1:${APP_PORT}`;
  const bigCookie = await signIn(base, big.ownerEmail);
  const emptyCookie = await signIn(base, emptyOwnerEmail);
  const bigPages = await pagesOf(db, big.id, big.memberIds[1] ?? big.ownerMembershipId);
  const emptyPages = await pagesOf(db, empty.id, emptyMembership.id);

  const rows = [];
  for (const [index, [name, path]] of bigPages.entries()) {
    const emptyPath = emptyPages[index]?.[1] ?? path;
    const e = await timePage(`${base}/w/${empty.slug}${emptyPath}`, emptyCookie);
    const b = await timePage(`${base}/w/${big.slug}${path}`, bigCookie);
    const p95 = percentile(b, 95);
    rows.push({
      page: name,
      "empty p50 ms": percentile(e, 50).toFixed(1),
      "empty p95 ms": percentile(e, 95).toFixed(1),
      "big p50 ms": percentile(b, 50).toFixed(1),
      "big p95 ms": p95.toFixed(1),
      "p95 big ÷ empty": (p95 / percentile(e, 95)).toFixed(2),
      [`p95 < ${TARGET_P95_MS} ms`]: p95 < TARGET_P95_MS ? "met" : "not met",
    });
  }
  console.log(
    `\nbench:pages — ${ITERATIONS} requests per page, one at a time, ${new Date().toISOString()}, node ${process.version}`,
  );
  console.table(rows);
}

runBench(
  {
    name: "bench:pages",
    dataDir: values.data,
    keep: true,
    reuse: true,
    poolSize: 4,
    build: true,
    dbPort: values["db-port"] ? Number(values["db-port"]) : undefined,
  },
  main,
);
