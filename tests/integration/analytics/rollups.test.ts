// The daily rollups are exact: any range of local days in any time zone (DST changes, half-hour
// and 45-minute offsets) sums to exactly what the raw usage events add up to, computed here in
// JavaScript with Intl (independent of PostgreSQL's AT TIME ZONE); refunds and a time zone change
// keep it so; and all-time usage equals the ledger's lifetime spent. Without a member filter the
// breakdown reads usage_daily_totals and usage_daily_members, with one usage_daily: both are checked.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { getUsageBreakdown, type UsageFilter } from "@/db/queries/analytics";
import { localToday } from "@/lib/analytics/range";
import { refund, spend } from "@/lib/ledger";
import { verifyLedger } from "@/lib/ledger/verify";
import { ensureTestRates, fund, makeWorkspace, testContext, testDb, unitGeneration } from "../../support/db";

beforeAll(async () => {
  await ensureTestRates();
});

const ZONES = [
  "UTC",
  "Europe/Berlin",
  "America/New_York",
  "Asia/Kolkata",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "America/St_Johns",
  "Pacific/Kiritimati",
];

// Instants around the 2026 DST changes (Europe and the US in March and Oct/Nov, Lord Howe in April/October).
const AROUND = ["2026-03-08", "2026-03-29", "2026-04-05", "2026-10-04", "2026-10-25", "2026-11-01"].map((d) =>
  Date.parse(`${d}T00:00:00Z`),
);
const instant = fc
  .tuple(fc.constantFrom(...AROUND), fc.integer({ min: -36 * 3_600, max: 36 * 3_600 }))
  .map(([base, seconds]) => new Date(base + seconds * 1_000));

const event = fc.record({
  member: fc.integer({ min: 0, max: 2 }),
  model: fc.constantFrom("one", "ten", "hundred"),
  results: fc.integer({ min: 1, max: 5 }),
  at: instant,
  refund: fc.option(fc.constantFrom("all", "part"), { freq: 3 }),
});

type Raw = {
  membershipId: string | null;
  feature: string;
  model: string;
  results: number;
  credits: number;
  refunded: number;
  at: Date;
};

/** The reference: filter and sum raw events in JavaScript. */
function rawSums(events: Raw[], timeZone: string, filter: UsageFilter) {
  const picked = events.filter((e) => {
    const day = localToday(e.at, timeZone);
    return (
      day >= filter.from &&
      day <= filter.to &&
      (!filter.membershipId || e.membershipId === filter.membershipId) &&
      (!filter.model || e.model === filter.model) &&
      (!filter.feature || e.feature === filter.feature)
    );
  });
  const by = (key: (e: Raw) => string | null) => {
    const groups = new Map<string | null, { generations: number; credits: number }>();
    for (const e of picked) {
      const g = groups.get(key(e)) ?? { generations: 0, credits: 0 };
      g.generations += 1;
      g.credits += e.credits - e.refunded;
      groups.set(key(e), g);
    }
    return groups;
  };
  return {
    totals: {
      generations: picked.length,
      results: picked.reduce((s, e) => s + e.results, 0),
      credits: picked.reduce((s, e) => s + e.credits - e.refunded, 0),
      refunded: picked.reduce((s, e) => s + e.refunded, 0),
    },
    byModel: by((e) => e.model),
    byMember: by((e) => e.membershipId),
  };
}

async function loadRaw(workspaceId: string): Promise<Raw[]> {
  const rows = await testDb().execute<{
    membership_id: string | null;
    feature: string;
    model: string;
    results: number;
    credits: string;
    credits_refunded: string;
    created_at: string;
  }>(sql`select membership_id, feature, model, results, credits, credits_refunded, created_at
           from usage_events where workspace_id = ${workspaceId}::uuid`);
  return rows.map((r) => ({
    membershipId: r.membership_id,
    feature: r.feature,
    model: r.model,
    results: Number(r.results),
    credits: Number(r.credits),
    refunded: Number(r.credits_refunded),
    at: new Date(r.created_at),
  }));
}

// Mostly short ranges that start and end next to the events' days, where a wrong zone would show.
const range = fc
  .tuple(fc.constantFrom(...AROUND), fc.integer({ min: -2, max: 2 }), fc.integer({ min: 0, max: 3 }))
  .map(([base, start, length]) => {
    const from = new Date(base + start * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.parse(from) + length * 86_400_000).toISOString().slice(0, 10);
    return { from, to };
  });

it("aggregates equal the raw event sums for random ranges, time zones, refunds and a zone change", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...ZONES),
      fc.option(fc.constantFrom(...ZONES), { freq: 2 }),
      fc.array(event, { minLength: 1, maxLength: 25 }),
      fc.array(
        fc.record({
          range,
          member: fc.option(fc.integer({ min: 0, max: 2 })),
          model: fc.option(fc.constantFrom("one", "ten", "hundred")),
        }),
        { minLength: 1, maxLength: 6 },
      ),
      async (zone, newZone, events, queries) => {
        const ws = await makeWorkspace({
          timeZone: zone,
          members: [{ monthlyLimit: null }, { monthlyLimit: null }],
        });
        const memberIds = [ws.ownerId, ws.members[0]!.id, ws.members[1]!.id];
        const ctx = testContext("2026-01-01T00:00:00Z");
        await fund(ctx, ws.workspaceId, 10_000_000);
        for (const e of events) {
          ctx.clock.set(e.at);
          const spent = await spend(ctx, {
            workspaceId: ws.workspaceId,
            membershipId: memberIds[e.member]!,
            ...unitGeneration({ one: 1, ten: 10, hundred: 100 }[e.model] * e.results),
            idempotencyKey: randomUUID(),
          });
          if (!spent.ok) throw new Error(spent.message);
          if (e.refund) {
            const refunded = await refund(ctx, {
              workspaceId: ws.workspaceId,
              entryId: spent.entryId,
              amount: e.refund === "all" ? undefined : Math.max(1, Math.floor(spent.amount / 3)),
              idempotencyKey: randomUUID(),
            });
            if (!refunded.ok) throw new Error(refunded.message);
          }
        }
        let timeZone = zone;
        if (newZone) {
          await testDb().execute(
            sql`update workspaces set time_zone = ${newZone} where id = ${ws.workspaceId}::uuid`,
          );
          timeZone = newZone;
        }
        const raw = await loadRaw(ws.workspaceId);
        expect(raw).toHaveLength(events.length);
        for (const q of queries) {
          const filter: UsageFilter = {
            ...q.range,
            membershipId: q.member === null ? null : memberIds[q.member],
            model: q.model,
          };
          const got = await getUsageBreakdown(testDb(), ws.workspaceId, filter);
          const want = rawSums(raw, timeZone, filter);
          expect(got.totals).toEqual(want.totals);
          expect(
            new Map(got.byModel.map((g) => [g.key, { generations: g.generations, credits: g.credits }])),
          ).toEqual(want.byModel);
          expect(
            new Map(got.byMember.map((g) => [g.key, { generations: g.generations, credits: g.credits }])),
          ).toEqual(want.byMember);
          const dailySum = got.dailyByFeature.reduce((s, d) => s + d.credits, 0);
          expect(dailySum).toBe(want.totals.credits);
          expect(got.dailyByModel.reduce((s, d) => s + d.credits, 0)).toBe(want.totals.credits);
        }
        // All time, usage net of refunds is what the ledger says was spent.
        const [account] = await testDb().execute<{ lifetime_spent: string }>(
          sql`select lifetime_spent from credit_accounts where workspace_id = ${ws.workspaceId}::uuid`,
        );
        const all = await getUsageBreakdown(testDb(), ws.workspaceId, {
          from: "2000-01-01",
          to: "2100-01-01",
        });
        expect(all.totals.credits).toBe(Number(account?.lifetime_spent));
        // The rollups without the member (what the breakdown reads above unless a member is chosen)
        // stay the sums of usage_daily through spends, refunds and the zone change's rebuild.
        expect(await verifyLedger(testDb(), { workspaceId: ws.workspaceId })).toEqual([]);
      },
    ),
    { numRuns: 25 },
  );
});
