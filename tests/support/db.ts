import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { createDatabase, type Database } from "@/db";
import type { NewRateCardRow, SubscriptionStatus } from "@/db/schema";
import { createWorkspace } from "@/db/queries/workspaces";
import { addMember } from "@/db/queries/members";
import { addRates } from "@/db/queries/rate-card";
import { createUser } from "@/db/queries/users";
import { defaultLowBalanceThreshold } from "@/lib/billing/plans";
import { manualClock, type ManualClock } from "@/lib/clock";
import type { Deps } from "@/lib/deps";
import { grant } from "@/lib/ledger";

let shared: Database | undefined;

/** The test run's database (a throwaway embedded PostgreSQL started by global-setup.ts). */
export function testDb(): Database {
  shared ??= createDatabase(inject("databaseUrl"), { max: 40 });
  return shared;
}

export function testContext(at: string | Date = "2026-03-10T12:00:00Z"): Deps & { clock: ManualClock } {
  return { db: testDb(), clock: manualClock(at) };
}

/** Rates used across the tests (the rate card is global; inserting twice is a no-op). */
export const TEST_RATES: NewRateCardRow[] = [
  { feature: "image", model: "standard", settings: {}, creditsPerResult: 24, isPro: false, label: "Image" },
  { feature: "image", model: "pro", settings: {}, creditsPerResult: 40, isPro: true, label: "Image Pro" },
  {
    feature: "video",
    model: "standard",
    settings: { duration: "5" },
    creditsPerResult: 210,
    isPro: false,
    label: "Video 5s",
  },
  {
    feature: "video",
    model: "standard",
    settings: { duration: "10" },
    creditsPerResult: 400,
    isPro: false,
    label: "Video 10s",
  },
  { feature: "unit", model: "one", settings: {}, creditsPerResult: 1, isPro: false, label: "One credit" },
  { feature: "unit", model: "ten", settings: {}, creditsPerResult: 10, isPro: false, label: "Ten credits" },
  {
    feature: "unit",
    model: "hundred",
    settings: {},
    creditsPerResult: 100,
    isPro: false,
    label: "Hundred credits",
  },
  {
    feature: "unit",
    model: "thousand",
    settings: {},
    creditsPerResult: 1000,
    isPro: false,
    label: "Thousand credits",
  },
  {
    feature: "unit",
    model: "one-pro",
    settings: {},
    creditsPerResult: 1,
    isPro: true,
    label: "One pro credit",
  },
];

export async function ensureTestRates(db: Database = testDb()) {
  await addRates(db, TEST_RATES);
}

/** A fresh workspace with an owner and `members` extra members (unique emails, so tests never collide). */
export async function makeWorkspace(
  options: {
    timeZone?: string;
    subscriptionStatus?: SubscriptionStatus;
    plan?: string;
    lowBalanceThreshold?: number | null;
    members?: { monthlyLimit: number | null }[];
  } = {},
) {
  const db = testDb();
  const tag = randomUUID().slice(0, 12);
  const owner = await createUser(db, { email: `owner-${tag}@test.local`, name: `Owner ${tag}` });
  const { workspace, owner: ownerMembership } = await createWorkspace(db, {
    name: `Test ${tag}`,
    slug: `test-${tag}`,
    timeZone: options.timeZone ?? "UTC",
    plan: options.plan ?? "pro",
    subscriptionStatus: options.subscriptionStatus ?? "active",
    // The threshold workspaces had before plans had defaults; null gives the plan's default.
    lowBalanceThreshold: options.lowBalanceThreshold === undefined ? 500 : options.lowBalanceThreshold,
    ownerUserId: owner.id,
    defaultLowBalanceThreshold: defaultLowBalanceThreshold({
      plan: options.plan ?? "pro",
      subscriptionStatus: options.subscriptionStatus ?? "active",
    }),
  });
  const members = [];
  for (const [index, member] of (options.members ?? []).entries()) {
    const user = await createUser(db, { email: `member${index}-${tag}@test.local`, name: `Member ${index}` });
    members.push(
      await addMember(db, {
        workspaceId: workspace.id,
        userId: user.id,
        role: "member",
        monthlyLimit: member.monthlyLimit,
      }),
    );
  }
  return {
    workspace,
    workspaceId: workspace.id,
    owner: ownerMembership,
    ownerId: ownerMembership.id,
    members,
  };
}

const UNIT_MODELS = [
  { model: "thousand", size: 1000 },
  { model: "hundred", size: 100 },
  { model: "ten", size: 10 },
  { model: "one", size: 1 },
] as const;

/** A generation that costs exactly `credits` on the test rate card (results are capped at 100). */
export function unitGeneration(credits: number): { feature: string; model: string; results: number } {
  const fit = UNIT_MODELS.find(({ size }) => credits % size === 0 && credits / size <= 100);
  if (!fit) throw new Error(`no unit generation costs exactly ${credits}`);
  return { feature: "unit", model: fit.model, results: credits / fit.size };
}

const GRANT_CODES = { free: "grant_free", subscription: "grant_subscription", top_up: "top_up" } as const;

/** Grants credits (top-up by default) and fails the test if the grant is refused. */
export async function fund(
  ctx: Deps,
  workspaceId: string,
  amount: number,
  options: { type?: keyof typeof GRANT_CODES; expiresAt?: string | null } = {},
) {
  const type = options.type ?? "top_up";
  const outcome = await grant(ctx, {
    workspaceId,
    type,
    code: GRANT_CODES[type],
    amount,
    expiresAt: options.expiresAt ? new Date(options.expiresAt) : null,
    idempotencyKey: randomUUID(),
  });
  if (!outcome.ok) throw new Error(`grant refused: ${outcome.message}`);
  return outcome;
}
