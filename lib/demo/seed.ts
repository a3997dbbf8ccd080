// Demo data: a team workspace with history, loaded idempotently. Every ledger write goes through
// lib/ledger with a key derived from the workspace, and every instant from the workspace's
// creation time, so running the seed again (even after a crash half-way) writes nothing twice.
import { createDatabase, type Database } from "@/db";
import { addMember, findMembership } from "@/db/queries/members";
import { addRates } from "@/db/queries/rate-card";
import { createUser, findUserByEmail, setPasswordHash } from "@/db/queries/users";
import { createWorkspace, getWorkspaceBySlug } from "@/db/queries/workspaces";
import { hashPassword } from "@/lib/auth/password";
import { DEFAULT_RATES } from "@/lib/billing/default-rates";
import { defaultLowBalanceThreshold, getPlan } from "@/lib/billing/plans";
import { termEndAt } from "@/lib/billing/schedule";
import { getClock, manualClock } from "@/lib/clock";
import { env } from "@/lib/env";
import { grantDueSubscriptionCredits } from "@/lib/subscriptions/monthly-grant";
import { grant, spend } from "@/lib/ledger";
import { systemKey } from "@/lib/ledger/keys";
import { DAY, must, seedEarlierUsage } from "./history";
import { declineOnePurchase, tellTheLimitStory } from "./story";

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
  const existing = await findUserByEmail(db, email);
  if (!existing) return createUser(db, { email, name, passwordHash });
  if (!existing.passwordHash) await setPasswordHash(db, existing.id, passwordHash);
  return existing;
}

export async function seedDemoData(
  url: string,
  options: { appPort?: string; timeZone?: string } = {},
): Promise<void> {
  const timeZone = options.timeZone ?? env.CREDITPOOL_DEMO_TIME_ZONE;
  const db = createDatabase(url, { max: 2 });
  try {
    await addRates(db, DEFAULT_RATES);

    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const people = [];
    for (const person of DEMO_USERS) {
      people.push({ ...person, user: await ensureUser(db, person.email, person.name, passwordHash) });
    }
    const owner = people[0];
    if (!owner) throw new Error("demo data needs an owner");

    let workspace = await getWorkspaceBySlug(db, DEMO_WORKSPACE_SLUG);
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
        defaultLowBalanceThreshold: defaultLowBalanceThreshold({ plan: "pro", subscriptionStatus: "active" }),
      }));
    }
    const ws = workspace;

    const memberIds: string[] = [];
    for (const person of people) {
      const membership = await findMembership(db, ws.id, person.user.id);
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
