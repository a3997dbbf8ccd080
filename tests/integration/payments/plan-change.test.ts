// Plan changes through the action in test mode: the stand-in sends customer.subscription.* events
// through the same webhook handling Stripe's would take.
import "../../support/actions";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, workspaces } from "@/db/schema";
import { changePlanAction } from "@/lib/actions/billing/change-plan";
import { getBalance } from "@/lib/ledger";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { testContext, testDb } from "../../support/db";

const workspaceOf = async (id: string) =>
  (await testDb().select().from(workspaces).where(eq(workspaces.id, id)))[0]!;

describe("changing plans in test mode", () => {
  it("subscribes with the first month's credits, upgrades, schedules a downgrade, cancels and resumes", async () => {
    const team = await makeTeam();
    await testDb()
      .update(workspaces)
      .set({ plan: "free", subscriptionStatus: "none" })
      .where(eq(workspaces.id, team.workspace.id));
    actAs(team.owner.user);
    const subscribed = await changePlanAction({
      workspaceId: team.workspace.id,
      action: "subscribe",
      plan: "starter",
      interval: "quarter",
    });
    expect(subscribed).toEqual({ ok: true, data: { mode: "test", result: "started", clientSecret: null } });
    let ws = await workspaceOf(team.workspace.id);
    expect(ws).toMatchObject({
      plan: "starter",
      billingInterval: "quarter",
      subscriptionStatus: "active",
      subscriptionPeriodIndex: 1,
    });
    expect((await getBalance(testContext(new Date()), team.workspace.id))?.byType.subscription.amount).toBe(
      10_000,
    );

    expect(
      await changePlanAction({
        workspaceId: team.workspace.id,
        action: "change",
        plan: "pro",
        interval: "quarter",
      }),
    ).toMatchObject({
      ok: true,
      data: { result: "upgraded" },
    });
    expect((await getBalance(testContext(new Date()), team.workspace.id))?.byType.subscription.amount).toBe(
      50_000,
    );
    expect(
      await changePlanAction({
        workspaceId: team.workspace.id,
        action: "change",
        plan: "starter",
        interval: "quarter",
      }),
    ).toMatchObject({
      ok: true,
      data: { result: "downgrade_scheduled" },
    });
    expect(await changePlanAction({ workspaceId: team.workspace.id, action: "cancel" })).toMatchObject({
      ok: true,
      data: { result: "cancel_scheduled" },
    });
    expect(await changePlanAction({ workspaceId: team.workspace.id, action: "resume" })).toMatchObject({
      ok: true,
      data: { result: "resumed" },
    });
    ws = await workspaceOf(team.workspace.id);
    expect(ws).toMatchObject({ plan: "pro", pendingPlan: "starter", cancelAtTermEnd: false });
    const audit = await testDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.workspaceId, team.workspace.id))
      .orderBy(asc(auditEvents.id));
    expect(audit.map((a) => (a.after as { change: string }).change)).toEqual([
      "started",
      "upgraded",
      "downgrade_scheduled",
      "cancel_scheduled",
      "resumed",
    ]);
    expect(audit.every((a) => a.actorUserId === team.owner.user.id)).toBe(true);
  });

  it("refuses members, a second subscription and changes without one", async () => {
    const team = await makeTeam();
    actAs(team.member.user);
    expect(await changePlanAction({ workspaceId: team.workspace.id, action: "cancel" })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    actAs(team.owner.user);
    expect(
      await changePlanAction({
        workspaceId: team.workspace.id,
        action: "subscribe",
        plan: "pro",
        interval: "month",
      }),
    ).toMatchObject({
      ok: false,
      error: { code: "conflict" },
    });
    await testDb()
      .update(workspaces)
      .set({ subscriptionStatus: "none" })
      .where(eq(workspaces.id, team.workspace.id));
    expect(await changePlanAction({ workspaceId: team.workspace.id, action: "cancel" })).toMatchObject({
      ok: false,
      error: { code: "conflict" },
    });
  });
});
