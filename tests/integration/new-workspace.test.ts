// Issue 17, point 9: a new workspace opens with today's free credits (granted at creation under the
// credit clock's own key, so the clock never grants that day again) and is not Low: the Low Balance
// threshold defaults to the plan's, and an owner's own threshold survives plan changes.
import "../support/actions";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { creditAccounts, ledgerEntries, workspaces } from "@/db/schema";
import { createUser } from "@/db/queries/users";
import { signUpAction } from "@/lib/actions/auth/sign-up";
import { updateLowBalanceThresholdAction } from "@/lib/actions/credits/update-low-balance-threshold";
import { createWorkspaceAction } from "@/lib/actions/workspaces/create-workspace";
import { defaultLowBalanceThreshold } from "@/lib/billing/plans";
import { manualClock, setClock, systemClock } from "@/lib/clock";
import { getCreditsSummary } from "@/lib/credits/summary";
import { runDueCycles } from "@/lib/jobs/cycles";
import { getBalance } from "@/lib/ledger";
import { applySubscriptionState } from "@/lib/subscriptions/apply-state";
import { actAs } from "../support/actions";
import "../support/access";
import { testDb } from "../support/db";

// 09:00 in Berlin: the workspace's local day is 2026-03-10.
const CREATED_AT = "2026-03-10T08:00:00Z";
const clock = manualClock(CREATED_AT);

beforeAll(() => setClock(clock));
afterAll(() => setClock(systemClock));

async function workspaceBySlug(slug: string) {
  const [row] = await testDb().select().from(workspaces).where(eq(workspaces.slug, slug));
  return row!;
}

async function freeGrants(workspaceId: string) {
  return testDb()
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.workspaceId, workspaceId), eq(ledgerEntries.code, "grant_free")));
}

async function alertThreshold(workspaceId: string) {
  const [row] = await testDb()
    .select({ threshold: creditAccounts.lowBalanceThreshold })
    .from(creditAccounts)
    .where(eq(creditAccounts.workspaceId, workspaceId));
  return row?.threshold;
}

/** A new workspace made as the app makes one: "Create workspace" in the team dropdown. */
async function newWorkspace() {
  clock.set(CREATED_AT);
  const user = await createUser(testDb(), { email: `new-${randomUUID()}@ws.test`, name: "Nora New" });
  actAs(user);
  const created = await createWorkspaceAction({
    name: `Fresh ${randomUUID().slice(0, 6)}`,
    timeZone: "Europe/Berlin",
  });
  if (!created.ok) throw new Error(created.error.message);
  return { user, workspace: await workspaceBySlug(created.data.slug) };
}

describe("a new workspace", () => {
  it("has today's 100 free credits at once, and the credit clock grants nothing more that day", async () => {
    const { workspace } = await newWorkspace();
    const ctx = { db: testDb(), clock };
    expect((await getBalance(ctx, workspace.id))?.total).toBe(100);
    const [first] = await freeGrants(workspace.id);
    expect(first).toMatchObject({ amount: 100, idempotencyKey: `free:${workspace.id}:2026-03-10` });
    expect(workspace.freeCreditsGrantedFor).toBe("2026-03-10");

    // A minute later the scheduler runs, and again before the local day ends: nothing new.
    clock.set("2026-03-10T08:01:00Z");
    expect((await runDueCycles(ctx, { workspaceIds: [workspace.id] })).freeGrants).toBe(0);
    clock.set("2026-03-10T22:59:00Z");
    expect((await runDueCycles(ctx, { workspaceIds: [workspace.id] })).freeGrants).toBe(0);
    expect(await freeGrants(workspace.id)).toHaveLength(1);
    expect((await getBalance(ctx, workspace.id))?.total).toBe(100);

    // The next local day (midnight in Berlin) brings the next 100.
    clock.set("2026-03-10T23:00:00Z");
    expect((await runDueCycles(ctx, { workspaceIds: [workspace.id] })).freeGrants).toBe(1);
    expect((await getBalance(ctx, workspace.id))?.total).toBe(100);
  });

  it("is not Low: the Free plan's default threshold sits below the daily 100", async () => {
    const { workspace } = await newWorkspace();
    expect(workspace.lowBalanceThreshold).toBeNull();
    const summary = await getCreditsSummary({ db: testDb(), clock }, workspace);
    expect(summary).toMatchObject({ threshold: 20, isLow: false });
    expect(summary.balance.total).toBe(100);
    expect(await alertThreshold(workspace.id)).toBe(20);
  });

  it("signing up gives the first workspace its free credits too", async () => {
    clock.set(CREATED_AT);
    const email = `signup-${randomUUID()}@ws.test`;
    const created = await signUpAction({ name: "Sid Signup", email, password: "a long enough password" });
    if (!created.ok) throw new Error(created.error.message);
    const workspace = await workspaceBySlug(created.data.workspaceSlug);
    expect((await getBalance({ db: testDb(), clock }, workspace.id))?.total).toBe(100);
  });
});

describe("the default Low Balance threshold", () => {
  it("follows the plan while none is set: a tenth of the monthly grant on a paid plan", async () => {
    const { workspace } = await newWorkspace();
    const ctx = { db: testDb(), clock };
    await applySubscriptionState(ctx, {
      workspaceId: workspace.id,
      subscriptionId: `sub_${randomUUID()}`,
      status: "active",
      plan: "pro",
      interval: "month",
      cancelAtPeriodEnd: false,
      actorUserId: null,
    });
    const pro = await workspaceBySlug(workspace.slug);
    expect(defaultLowBalanceThreshold(pro)).toBe(5_000);
    expect(await alertThreshold(workspace.id)).toBe(5_000);
    expect((await getCreditsSummary(ctx, pro)).threshold).toBe(5_000);
  });

  it("an owner's own threshold stays through plan changes", async () => {
    const { user, workspace } = await newWorkspace();
    actAs(user);
    const saved = await updateLowBalanceThresholdAction({ workspaceId: workspace.id, threshold: 750 });
    expect(saved.ok).toBe(true);
    const ctx = { db: testDb(), clock };
    await applySubscriptionState(ctx, {
      workspaceId: workspace.id,
      subscriptionId: `sub_${randomUUID()}`,
      status: "active",
      plan: "enterprise",
      interval: "month",
      cancelAtPeriodEnd: false,
      actorUserId: null,
    });
    const enterprise = await workspaceBySlug(workspace.slug);
    expect(enterprise.lowBalanceThreshold).toBe(750);
    expect(await alertThreshold(workspace.id)).toBe(750);
    expect((await getCreditsSummary(ctx, enterprise)).threshold).toBe(750);
  });
});
