// `npm run cycles` across a simulated year on the demo data: every grant and expiry lands exactly
// once at its instant, and ledger:verify holds afterwards.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { and, asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDatabase, type Database } from "@/db";
import { ledgerEntries, workspaces } from "@/db/schema";
import { DEMO_WORKSPACE_SLUG, seedDemoData } from "@/lib/demo/seed";
import { createPersonalWorkspace } from "@/lib/auth/sign-up";
import { createUser } from "@/db/queries/users";
import { localDay, monthlyGrantAt } from "@/lib/billing/schedule";
import { manualClock } from "@/lib/clock";
import { runDueCycles } from "@/lib/jobs/cycles";
import { verifyLedger } from "@/lib/ledger/verify";
import { scratchDatabases } from "../support/scratch-databases";

const run = promisify(execFile);
const scratch = scratchDatabases("year");
let url: string;
let db: Database;

beforeAll(async () => {
  ({ url } = await scratch.create());
  await seedDemoData(url);
  db = createDatabase(url, { max: 4 });
});

afterAll(async () => {
  await db.$client.end();
  await scratch.dropAll();
});

it("lands every monthly and daily grant and every expiry exactly once, at its instant", async () => {
  const [demo] = await db.select().from(workspaces).where(eq(workspaces.slug, DEMO_WORKSPACE_SLUG));
  if (!demo?.billingAnchorAt) throw new Error("demo workspace has no subscription");
  const start = new Date(demo.billingAnchorAt.getTime() + 15 * 86_400_000);
  // A Free workspace beside it, in another zone, for the daily credits.
  // Its own address on every try (CI retries a failed test once).
  const user = await createUser(db, { email: `year-${randomUUID()}@demo.test`, name: "Year" });
  const { workspace: free } = await createPersonalWorkspace(db, {
    userId: user.id,
    name: "Year",
    timeZone: "America/Los_Angeles",
  });

  const instants = new Set<number>();
  for (let k = 1; k <= 13; k += 1)
    instants.add(monthlyGrantAt(demo.billingAnchorAt, demo.timeZone, k).getTime());
  // Local midnights, walked day by day: stepping 24 h from a late start skipped a 23-hour DST day
  // (found by npm run test:calendar at a start of 23:30 in Los Angeles the night before one).
  for (
    let d = 0, day = localDay(start, free.timeZone);
    d <= 366;
    d += 1, day = localDay(day.end, free.timeZone)
  )
    instants.add(day.start.getTime());
  const end = start.getTime() + 366 * 86_400_000;
  const sorted = [...instants].filter((t) => t > start.getTime() && t <= end).sort((a, b) => a - b);

  const clock = manualClock(start);
  await runDueCycles({ db, clock }); // the free workspace's first day
  for (const t of sorted) {
    for (const at of [t - 1, t, t + 1]) {
      clock.set(new Date(at));
      await runDueCycles({ db, clock });
    }
  }

  const of = (workspaceId: string, codes: ("grant_subscription" | "grant_free" | "expire")[]) =>
    db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.workspaceId, workspaceId), inArray(ledgerEntries.code, codes)))
      .orderBy(asc(ledgerEntries.id));

  // Monthly grants: at each anchor instant, exactly once, each expiring the last.
  // (The demo's earlier history, before this subscription started, is not the scheduler's doing.)
  const anchor = demo.billingAnchorAt.getTime();
  const monthly = (await of(demo.id, ["grant_subscription"])).filter((g) => g.createdAt.getTime() >= anchor);
  const expectedMonthly = [0, ...Array.from({ length: 12 }, (_, i) => i + 1)]
    .map((k) => monthlyGrantAt(demo.billingAnchorAt!, demo.timeZone, k))
    .filter((t) => t.getTime() <= end);
  expect(monthly.map((g) => g.createdAt.getTime())).toEqual(expectedMonthly.map((t) => t.getTime()));
  const demoExpiries = (await of(demo.id, ["expire"])).filter((e) => e.createdAt.getTime() > start.getTime());
  expect(demoExpiries.map((e) => e.createdAt.getTime())).toEqual(
    expectedMonthly.slice(1).map((t) => t.getTime()),
  );
  for (const e of demoExpiries)
    expect(new Date(String((e.metadata as { expiredAt: string }).expiredAt)).getTime()).toBe(
      e.createdAt.getTime(),
    );

  // Daily grants: one per local day at local midnight (a DST day included), each expiring at the next.
  const daily = await of(free.id, ["grant_free"]);
  const days = daily.map((g) => g.reference);
  expect(new Set(days).size).toBe(days.length);
  expect(daily.length).toBeGreaterThanOrEqual(366);
  for (const g of daily.slice(1))
    expect(g.createdAt.getTime()).toBe(localDay(g.createdAt, free.timeZone).start.getTime());
  const freeExpiries = await of(free.id, ["expire"]);
  expect(freeExpiries).toHaveLength(daily.length - 1);
  for (const e of freeExpiries)
    expect(e.createdAt.getTime()).toBe(localDay(e.createdAt, free.timeZone).start.getTime());

  // Running the real command again at the end changes nothing, and every invariant holds.
  const before = (await db.select().from(ledgerEntries)).length;
  const { stdout } = await run(
    "npx",
    ["tsx", "--conditions=react-server", "scripts/cycles.ts", "--now", new Date(end).toISOString()],
    {
      env: { ...process.env, DATABASE_URL: url },
    },
  );
  expect(stdout).toMatch(/"subscriptionGrants":0,"subscriptionsEnded":0,"freeGrants":0,"expired":0/);
  expect((await db.select().from(ledgerEntries)).length).toBe(before);
  expect(await verifyLedger(db)).toEqual([]);
}, 240_000);
