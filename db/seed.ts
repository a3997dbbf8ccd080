// Demo data: a team workspace with history, loaded idempotently. Every ledger write goes through
// lib/ledger with a key derived from the workspace, and every instant from the workspace's
// creation time, so running the seed again (even after a crash half-way) writes nothing twice.
import { and, eq, isNull, sql } from "drizzle-orm";
import { createDatabase, type Database } from "./index";
import { auditEvents, creditPurchases, memberships, rateCard, users, workspaces } from "./schema";
import { addMember } from "./queries/members";
import { createUser } from "./queries/users";
import { createWorkspace } from "./queries/workspaces";
import { DEFAULT_RATES } from "@/lib/billing/default-rates";
import { getPlan } from "@/lib/billing/plans";
import { termEndAt } from "@/lib/billing/schedule";
import { monthStartIn } from "@/lib/billing/auto-top-up";
import { grantDueSubscriptionCredits } from "@/lib/jobs/cycles";
import { getClock, manualClock } from "@/lib/clock";
import { env } from "@/lib/env";
import { grant, refund, spend } from "@/lib/ledger";
import { recordAudit } from "@/db/queries/audit";
import { systemKey } from "@/lib/ledger/keys";
import { hashPassword } from "@/lib/auth/password";
import { raiseCreditEvent } from "@/lib/notifications/credit-events";

const DAY = 86_400_000;

export const DEMO_WORKSPACE_SLUG = "northwind";
/** Every demo account signs in with this password (local demo data only). */
export const DEMO_PASSWORD = "northwind-demo";

export const DEMO_USERS = [
  { email: "olivia@northwind.test", name: "Olivia Owens", role: "owner", monthlyLimit: null },
  { email: "adam@northwind.test", name: "Adam Alvarez", role: "admin", monthlyLimit: null },
  { email: "maya@northwind.test", name: "Maya Müller", role: "member", monthlyLimit: 15_000 },
  { email: "leo@northwind.test", name: "Leo Laurent", role: "member", monthlyLimit: 4_000 },
  { email: "sam@northwind.test", name: "Sam Sato", role: "member", monthlyLimit: null },
] as const;

/** Generations the demo members made: [member index, feature, model, settings, results]. */
const DEMO_PATTERN: [number, string, string, Record<string, string>, number][] = [
  [2, "image", "imagine-standard", {}, 4],
  [2, "video", "motion-standard", { duration: "5" }, 1],
  [3, "image", "imagine-pro", {}, 2],
  [4, "image", "imagine-standard", { quality: "hd" }, 2],
  [4, "upscale", "upscale-4x", {}, 3],
  [1, "video", "motion-pro", { duration: "10" }, 1],
  [2, "edit", "inpaint", {}, 3],
  [3, "image", "imagine-standard", {}, 4],
  [0, "image", "imagine-pro", { quality: "hd" }, 1],
];

async function ensureUser(db: Database, email: string, name: string, passwordHash: string) {
  const [existing] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  if (!existing) return createUser(db, { email, name, passwordHash });
  if (!existing.passwordHash) await db.update(users).set({ passwordHash }).where(eq(users.id, existing.id));
  return existing;
}

export async function seedDemoData(
  url: string,
  options: { appPort?: string; timeZone?: string } = {},
): Promise<void> {
  const timeZone = options.timeZone ?? env.CREDITPOOL_DEMO_TIME_ZONE;
  const db = createDatabase(url, { max: 2 });
  try {
    await db.insert(rateCard).values(DEFAULT_RATES).onConflictDoNothing();

    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const people = [];
    for (const person of DEMO_USERS) {
      people.push({ ...person, user: await ensureUser(db, person.email, person.name, passwordHash) });
    }
    const owner = people[0];
    if (!owner) throw new Error("demo data needs an owner");

    let [workspace] = await db
      .select()
      .from(workspaces)
      .where(eq(workspaces.slug, DEMO_WORKSPACE_SLUG))
      .limit(1);
    if (!workspace) {
      const now = getClock().now();
      ({ workspace } = await createWorkspace(db, {
        slug: DEMO_WORKSPACE_SLUG,
        name: "Northwind Studio",
        plan: "pro",
        billingInterval: "month",
        subscriptionStatus: "active",
        // Subscribed two weeks ago: the first monthly grant is due at the anchor (below).
        billingAnchorAt: new Date(now.getTime() - 14 * DAY),
        nextSubscriptionGrantAt: new Date(now.getTime() - 14 * DAY),
        currentTermEndsAt: termEndAt(new Date(now.getTime() - 14 * DAY), timeZone, 0, "month"),
        timeZone,
        seats: getPlan("pro").seats,
        // Above where the demo ends up (about 51,000), so the Low Balance badge shows on first run.
        lowBalanceThreshold: 60_000,
        ownerUserId: owner.user.id,
      }));
    }
    const ws = workspace;

    const memberIds: string[] = [];
    for (const person of people) {
      const [membership] = await db
        .select()
        .from(memberships)
        .where(and(eq(memberships.workspaceId, ws.id), eq(memberships.userId, person.user.id)))
        .limit(1);
      memberIds.push(
        membership?.id ??
          (
            await addMember(db, {
              workspaceId: ws.id,
              userId: person.user.id,
              role: person.role,
              monthlyLimit: person.monthlyLimit,
            })
          ).id,
      );
    }

    // History, in the order it happened, relative to when the demo workspace was created.
    const start = (ws.billingAnchorAt ?? ws.createdAt).getTime();
    const clock = manualClock(new Date(start));
    const ctx = { db, clock };
    await seedEarlierUsage(ctx, ws.id, memberIds, start);
    clock.set(new Date(start));
    // The first month's subscription credits, granted by the same code the scheduler runs.
    await grantDueSubscriptionCredits(ctx, ws);
    clock.set(new Date(start + 2 * DAY));
    await must(
      grant(ctx, {
        workspaceId: ws.id,
        type: "top_up",
        code: "top_up",
        amount: 20_000,
        expiresAt: null,
        membershipId: memberIds[0] ?? null,
        reference: "demo-purchase-1",
        idempotencyKey: systemKey("seed", ws.id, "top-up:1"),
      }),
    );
    for (let day = 0; day < 14; day += 1) {
      for (const [index, [member, feature, model, settings, results]] of DEMO_PATTERN.entries()) {
        if ((day * 7 + index * 3) % 5 === 0) continue; // not every generation every day
        clock.set(new Date(start + day * DAY + (index + 1) * 37 * 60_000));
        const membershipId = memberIds[member];
        if (!membershipId) continue;
        // A refusal (say a member at their limit) is part of the story, not an error.
        await spend(ctx, {
          workspaceId: ws.id,
          membershipId,
          feature,
          model,
          settings,
          results,
          idempotencyKey: systemKey("seed", ws.id, `spend:${day}:${index}`),
        });
      }
    }
    await tellTheLimitStory(ctx, ws, memberIds, people[0]?.user.id ?? null, getClock().now());
    await declineOnePurchase(db, ws.id, owner.user.id, new Date(start + 10 * DAY));
    console.log(`creditpool: demo data ready (workspace "${ws.name}", /${ws.slug})`);
    console.log(
      `creditpool: open http://localhost:${options.appPort ?? "3000"}/sign-in and sign in as ${DEMO_USERS[0].email} (owner)`,
    );
    console.log(`creditpool: demo sign-in (password "${DEMO_PASSWORD}" for everyone):`);
    for (const person of DEMO_USERS) console.log(`  ${person.email.padEnd(24)} ${person.role}`);
  } finally {
    await db.$client.end();
  }
}

/** How the demo members work before the last two weeks: who generates what, and how much. */
const HISTORY_MIX: {
  member: number;
  weight: number;
  generations: [string, string, Record<string, string>, number][];
}[] = [
  {
    member: 0,
    weight: 1,
    generations: [
      ["image", "imagine-pro", {}, 2],
      ["image", "imagine-standard", {}, 4],
    ],
  },
  {
    member: 1,
    weight: 2,
    generations: [
      ["video", "motion-standard", { duration: "5" }, 1],
      ["video", "motion-pro", { duration: "5" }, 1],
      ["image", "imagine-standard", {}, 2],
    ],
  },
  {
    member: 2,
    weight: 3,
    generations: [
      ["image", "imagine-standard", {}, 4],
      ["image", "imagine-standard", { quality: "hd" }, 2],
      ["edit", "inpaint", {}, 3],
      ["video", "motion-standard", { duration: "5" }, 1],
    ],
  },
  {
    member: 3,
    weight: 2,
    generations: [
      ["image", "imagine-pro", {}, 1],
      ["image", "imagine-standard", {}, 2],
    ],
  },
  {
    member: 4,
    weight: 2,
    generations: [
      ["upscale", "upscale-2x", {}, 4],
      ["upscale", "upscale-4x", {}, 2],
      ["image", "imagine-standard", { quality: "hd" }, 1],
    ],
  },
];
const HISTORY_DAYS = 90;

/** A small deterministic generator, so every seed writes the same history. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The 76 days before the subscription started (the last 14 days are the story above), so the demo
 * has 90 days of history: monthly plan credits that
 * expire after 30 days (and at the switch to the current subscription), and usage that grows over
 * time, quieter at weekends, across every member, feature and model, with the odd refund. Written
 * through the ledger's spend and refund with keys, in the order it happened.
 */
async function seedEarlierUsage(
  ctx: { db: Database; clock: ReturnType<typeof manualClock> },
  workspaceId: string,
  memberIds: string[],
  start: number,
) {
  const first = start - (HISTORY_DAYS - 14) * DAY;
  const totalWeight = HISTORY_MIX.reduce((sum, m) => sum + m.weight, 0);
  for (let day = 0; day < HISTORY_DAYS - 14; day += 1) {
    const random = seededRandom(day + 1);
    const dayStart = first + day * DAY;
    if (day % 30 === 0) {
      // This month's plan credits, granted as the month starts (they expire after 30 days).
      ctx.clock.set(new Date(dayStart));
      await must(
        grant(ctx, {
          workspaceId,
          type: "subscription",
          code: "grant_subscription",
          amount: 60_000,
          expiresAt: new Date(Math.min(dayStart + 30 * DAY, start)),
          reference: `demo-earlier-plan-${day / 30 + 1}`,
          idempotencyKey: systemKey("seed", workspaceId, `earlier-plan:${day / 30 + 1}`),
        }),
      );
    }
    const weekday = new Date(dayStart).getUTCDay();
    const isWeekend = weekday === 0 || weekday === 6;
    // Usage grows over the months; weekends are quiet.
    const count = Math.round((6 + (day / HISTORY_DAYS) * 8) * (isWeekend ? 0.3 : 1) + random() * 3);
    for (let i = 0; i < count; i += 1) {
      let pick = random() * totalWeight;
      const mix = HISTORY_MIX.find((m) => (pick -= m.weight) < 0) ?? HISTORY_MIX[0];
      const generation = mix?.generations[Math.floor(random() * mix.generations.length)];
      const membershipId = mix ? memberIds[mix.member] : undefined;
      if (!generation || !membershipId) continue;
      const [feature, model, settings, results] = generation;
      // Working hours, spread over the day.
      ctx.clock.set(new Date(dayStart + (8 * 60 + Math.floor((i / count) * 10 * 60)) * 60_000));
      const outcome = await spend(ctx, {
        workspaceId,
        membershipId,
        feature,
        model,
        settings,
        results,
        idempotencyKey: systemKey("seed", workspaceId, `history:${day}:${i}`),
      });
      // A failed generation now and then is refunded.
      if (outcome.ok && (day * 31 + i) % 97 === 0) {
        await refund(ctx, {
          workspaceId,
          entryId: outcome.entryId,
          reason: "generation failed",
          idempotencyKey: systemKey("seed", workspaceId, `history-refund:${day}:${i}`),
        });
      }
    }
  }
}

async function must<T extends { ok: boolean }>(outcome: Promise<T>): Promise<T> {
  const result = await outcome;
  if (!result.ok) throw new Error(`demo data: ${JSON.stringify(result)}`);
  return result;
}

/** What Leo has used of his limit by the time the story is told: enough that "near" reads as near. */
const LEO_USED_THIS_MONTH = 1_500;
/** At most this many generations are added to reach it (the loop is bounded whatever the data). */
const LEO_MAX_EXTRA = 40;

/**
 * Leo works close to his limit, on whatever day the demo is loaded: once, on first seed, he makes
 * generations earlier this month (in the workspace's time zone, between the last story spend and
 * now) until he has used at least 1,500 credits of it, then the owner sets his limit a little above
 * that (so he has used about 90% of it, never under 80%) and that change is in the audit log like any other. On the
 * 1st of a month at 00:30 the month is half an hour old, so the generations fit in that half hour.
 */
async function tellTheLimitStory(
  ctx: { db: Database; clock: ReturnType<typeof manualClock> },
  workspace: { id: string; timeZone: string },
  memberIds: string[],
  ownerUserId: string | null,
  now: Date,
) {
  const { db } = ctx;
  const workspaceId = workspace.id;
  const leo = memberIds[3];
  if (!leo) return;
  const [told] = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(eq(auditEvents.workspaceId, workspaceId), eq(auditEvents.targetId, leo)));
  if (told) return;

  const monthStart = monthStartIn(workspace.timeZone, now).getTime();
  const from = Math.max(monthStart, ctx.clock.now().getTime() + 1);
  let used = await usedThisMonth(db, leo, workspace.timeZone, now);
  for (let k = 0; k < LEO_MAX_EXTRA && used < LEO_USED_THIS_MONTH; k += 1) {
    ctx.clock.set(new Date(from + Math.floor(((now.getTime() - from) * (k + 1)) / (LEO_MAX_EXTRA + 1))));
    const outcome = await spend(ctx, {
      workspaceId,
      membershipId: leo,
      feature: "image",
      model: "imagine-pro",
      settings: {},
      results: 2,
      idempotencyKey: systemKey("seed", workspaceId, `leo-this-month:${k}`),
    });
    if (!outcome.ok) break; // at his current limit: near enough
    used += outcome.amount;
  }

  used = await usedThisMonth(db, leo, workspace.timeZone, now);
  const limit = Math.max(1_000, Math.ceil((used * 1.1) / 100) * 100);
  const [before] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.id, leo), isNull(memberships.removedAt)));
  await db.transaction(async (tx) => {
    await tx.update(memberships).set({ monthlyLimit: limit }).where(eq(memberships.id, leo));
    await recordAudit(tx, {
      workspaceId,
      actorUserId: ownerUserId,
      action: "member.limit_changed",
      targetType: "member",
      targetId: leo,
      targetLabel: "leo@northwind.test",
      before: { monthlyLimit: before?.monthlyLimit ?? null },
      after: { monthlyLimit: limit },
      at: ctx.clock.now(),
    });
  });
}

/** Credits a member has used in the calendar month (workspace time zone) that contains `at`. */
async function usedThisMonth(
  db: Database,
  membershipId: string,
  timeZone: string,
  at: Date,
): Promise<number> {
  const [usage] = await db.execute<{ used: number }>(sql`
    select coalesce(sum(used), 0)::int as used
      from member_usage
     where membership_id = ${membershipId}::uuid
       and period_start = date_trunc('month', ${at.toISOString()}::timestamptz at time zone ${timeZone})::date`);
  return usage?.used ?? 0;
}

/**
 * A purchase the owner tried ten days in, declined by the card: it shows in the invoices (test mode)
 * and as a "Payment failed" notification, as a real one would.
 */
async function declineOnePurchase(db: Database, workspaceId: string, ownerUserId: string, at: Date) {
  const sessionId = `cs_test_demo_declined_${workspaceId.replaceAll("-", "").slice(0, 12)}`;
  await db.transaction(async (tx) => {
    const [purchase] = await tx
      .insert(creditPurchases)
      .values({
        workspaceId,
        provider: "test",
        credits: 10_000,
        amountCents: 10_000,
        status: "failed",
        checkoutSessionId: sessionId,
        failureCode: "card_declined",
        failureMessage: "Your card has insufficient funds.",
        createdByUserId: ownerUserId,
        createdAt: at,
        updatedAt: at,
      })
      .onConflictDoNothing()
      .returning();
    if (!purchase) return; // told already
    await raiseCreditEvent(tx, {
      workspaceId,
      type: "credit_purchase_failed",
      dedupeKey: `purchase-failed:${purchase.id}`,
      payload: {
        purchaseId: purchase.id,
        credits: purchase.credits,
        amountCents: purchase.amountCents,
        currency: purchase.currency,
        kind: "one_time",
        reason: "insufficient_funds",
        message: "Your card has insufficient funds.",
      },
      at,
    });
  });
}
