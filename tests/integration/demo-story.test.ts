// The demo tells its story on any day it is loaded: a member near their monthly limit, a balance
// under the Low Balance threshold (with its notification), a purchase the card declined, and 90 days
// of usage. The seed builds the story from the clock, so it is loaded here at each of the calendar's
// hard instants (month edges, a leap day, daylight-saving days in two zones, new year's eve), each
// into a database of its own, and once more at the moment the test runs.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase } from "@/db";
import { creditEvents, creditPurchases, ledgerEntries, memberships, users, workspaces } from "@/db/schema";
import { DEMO_WORKSPACE_SLUG, seedDemoData } from "@/lib/demo/seed";
import { getClock, manualClock, setClock } from "@/lib/clock";
import { getBalance, getMemberAllowance } from "@/lib/ledger";
import { verifyLedger } from "@/lib/ledger/verify";
import { CALENDAR_INSTANTS } from "../support/calendar";
import { scratchDatabases } from "../support/scratch-databases";

const DAY = 86_400_000;
const scratch = scratchDatabases("demo");

afterAll(() => scratch.dropAll());

/** A fresh, migrated database with the demo loaded at `at` in `timeZone`. */
async function seedAt(at: Date, timeZone: string) {
  const { url } = await scratch.create();
  const previous = getClock();
  setClock(manualClock(at));
  try {
    await seedDemoData(url, { timeZone });
  } finally {
    setClock(previous);
  }
  return url;
}

async function expectTheStory(url: string, at: Date, timeZone: string) {
  const db = createDatabase(url, { max: 2 });
  try {
    const ctx = { db, clock: manualClock(at) };
    const [ws] = await db.select().from(workspaces).where(eq(workspaces.slug, DEMO_WORKSPACE_SLUG));
    expect(ws?.timeZone).toBe(timeZone);

    // Leo has used most of this month's limit, but not all of it ("Near limit" is 80% and over).
    const [leo] = await db
      .select({ id: memberships.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.workspaceId, ws!.id), eq(users.email, "leo@northwind.test")));
    const allowance = await getMemberAllowance(ctx, ws!.id, leo!.id);
    expect(allowance?.limit).not.toBeNull();
    const share = allowance!.used / allowance!.limit!;
    expect(share, `Leo used ${allowance!.used} of ${allowance!.limit}`).toBeGreaterThanOrEqual(0.8);
    expect(share).toBeLessThan(1);

    // A low balance, told in the bell.
    const balance = await getBalance(ctx, ws!.id);
    expect(balance!.total).toBeGreaterThan(0);
    expect(balance!.total).toBeLessThan(ws!.lowBalanceThreshold!);
    const lowBalance = await db
      .select()
      .from(creditEvents)
      .where(and(eq(creditEvents.workspaceId, ws!.id), eq(creditEvents.type, "credit_balance_low")));
    expect(lowBalance.length).toBeGreaterThan(0);

    // A purchase the card declined.
    const declined = await db
      .select()
      .from(creditPurchases)
      .where(and(eq(creditPurchases.workspaceId, ws!.id), eq(creditPurchases.status, "failed")));
    expect(declined.map((p) => p.failureCode)).toEqual(["card_declined"]);

    // 90 days of usage, all of it in the past, with plenty to chart.
    const [history] = await db.execute<{ first: string; last: string; credits: string }>(sql`
      select min(created_at)::text as first, max(created_at)::text as last, sum(credits)::text as credits
        from usage_events where workspace_id = ${ws!.id}::uuid`);
    expect(at.getTime() - new Date(history!.first).getTime()).toBeGreaterThan(89 * DAY);
    expect(new Date(history!.last).getTime()).toBeLessThanOrEqual(at.getTime());
    expect(Number(history!.credits)).toBeGreaterThan(10_000);

    expect(await verifyLedger(db)).toEqual([]);
  } finally {
    await db.$client.end();
  }
}

describe("the demo's story", () => {
  it.each(CALENDAR_INSTANTS)("holds when loaded at $name ($at, $timeZone)", async ({ at, timeZone }) => {
    const url = await seedAt(new Date(at), timeZone);
    await expectTheStory(url, new Date(at), timeZone);
  });

  it("holds today, and loading it again a day later adds nothing", async () => {
    const now = new Date();
    const url = await seedAt(now, "Europe/Berlin");
    await expectTheStory(url, now, "Europe/Berlin");
    const db = createDatabase(url, { max: 1 });
    try {
      const count = async () =>
        (await db.select({ n: sql<number>`count(*)::int` }).from(ledgerEntries))[0]?.n ?? 0;
      const before = await count();
      const previous = getClock();
      setClock(manualClock(new Date(now.getTime() + DAY)));
      try {
        await seedDemoData(url, { timeZone: "Europe/Berlin" });
      } finally {
        setClock(previous);
      }
      expect(await count()).toBe(before);
    } finally {
      await db.$client.end();
    }
  });
});
