import "../../support/actions";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, memberships } from "@/db/schema";
import { removeMemberAction } from "@/lib/actions/members/remove-member";
import { updateMemberLimitAction } from "@/lib/actions/members/update-member-limit";
import { updateMemberRoleAction } from "@/lib/actions/members/update-member-role";
import { getWorkspaceAccess } from "@/lib/auth/session";
import { getMemberAllowance, spend } from "@/lib/ledger";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { ensureTestRates, fund, testContext, testDb, unitGeneration } from "../../support/db";

async function audit(workspaceId: string) {
  return testDb()
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.workspaceId, workspaceId))
    .orderBy(auditEvents.id);
}

describe("monthly limits", () => {
  it("refuses an input nested deeper than 32 levels before anything runs, and changes nothing", async () => {
    const team = await makeTeam();
    actAs(team.admin.user);
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i += 1) deep = [deep];
    const input = {
      workspaceId: team.workspace.id,
      membershipId: team.member.membership.id,
      monthlyLimit: 2_500,
      extra: deep,
    };
    expect(await updateMemberLimitAction(input)).toMatchObject({
      ok: false,
      error: { code: "invalid_input" },
    });
    expect(await audit(team.workspace.id)).toEqual([]);
  });

  it("saves a limit, records who changed it from what to what, and Unlimited is null", async () => {
    const team = await makeTeam();
    actAs(team.admin.user);
    const set = await updateMemberLimitAction({
      workspaceId: team.workspace.id,
      membershipId: team.member.membership.id,
      monthlyLimit: 2_500,
    });
    expect(set).toEqual({ ok: true, data: { monthlyLimit: 2_500 } });
    const unlimited = await updateMemberLimitAction({
      workspaceId: team.workspace.id,
      membershipId: team.member.membership.id,
      monthlyLimit: null,
    });
    expect(unlimited.ok).toBe(true);
    const events = await audit(team.workspace.id);
    expect(events.map((e) => [e.action, e.actorUserId, e.before, e.after])).toEqual([
      [
        "member.limit_changed",
        team.admin.user.id,
        { monthlyLimit: 1_000 },
        { monthlyLimit: 2_500, usedBefore: 0, usageBeforeCounts: true },
      ],
      [
        "member.limit_changed",
        team.admin.user.id,
        { monthlyLimit: 2_500 },
        { monthlyLimit: null, usedBefore: 0 },
      ],
    ]);
  });

  it("rejects negative, fractional and non-numeric limits with field errors, writing nothing", async () => {
    const team = await makeTeam();
    actAs(team.owner.user);
    for (const monthlyLimit of [-1, 1.5, Number.NaN, "100", 2 ** 60] as never[]) {
      const result = await updateMemberLimitAction({
        workspaceId: team.workspace.id,
        membershipId: team.member.membership.id,
        monthlyLimit,
      });
      expect(result).toMatchObject({
        ok: false,
        error: { code: "invalid_input", fieldErrors: { monthlyLimit: expect.any(Array) } },
      });
    }
    expect(await audit(team.workspace.id)).toEqual([]);
  });

  it("blocks further spending when lowered below this month's usage, without touching the ledger", async () => {
    await ensureTestRates();
    const team = await makeTeam();
    const ctx = testContext(new Date());
    await fund(ctx, team.workspace.id, 10_000);
    const charge = (credits: number) =>
      spend(ctx, {
        workspaceId: team.workspace.id,
        membershipId: team.member.membership.id,
        ...unitGeneration(credits),
        idempotencyKey: randomUUID(),
      });
    expect(await charge(600)).toMatchObject({ ok: true });
    actAs(team.owner.user);
    await updateMemberLimitAction({
      workspaceId: team.workspace.id,
      membershipId: team.member.membership.id,
      monthlyLimit: 500,
    });
    expect(await charge(1)).toMatchObject({
      ok: false,
      code: "member_limit_reached",
      details: { used: 600, limit: 500, remaining: 0 },
    });
    expect(await getMemberAllowance(ctx, team.workspace.id, team.member.membership.id)).toMatchObject({
      used: 600,
      remaining: 0,
    });
  });
});

describe("roles", () => {
  it("lets an admin make a member an admin, but not an owner", async () => {
    const team = await makeTeam();
    actAs(team.admin.user);
    expect(
      await updateMemberRoleAction({
        workspaceId: team.workspace.id,
        membershipId: team.member.membership.id,
        role: "admin",
      }),
    ).toMatchObject({ ok: true });
    expect(
      await updateMemberRoleAction({
        workspaceId: team.workspace.id,
        membershipId: team.other.membership.id,
        role: "owner",
      }),
    ).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(
      await updateMemberRoleAction({
        workspaceId: team.workspace.id,
        membershipId: team.owner.membership.id,
        role: "member",
      }),
    ).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
  });

  it("keeps at least one owner, even when two owners demote each other at once", async () => {
    const team = await makeTeam();
    actAs(team.owner.user);
    expect(
      await updateMemberRoleAction({
        workspaceId: team.workspace.id,
        membershipId: team.owner.membership.id,
        role: "admin",
      }),
    ).toMatchObject({
      ok: false,
      error: { code: "last_owner" },
    });
    expect(
      await updateMemberRoleAction({
        workspaceId: team.workspace.id,
        membershipId: team.admin.membership.id,
        role: "owner",
      }),
    ).toMatchObject({ ok: true });
    // Both owners try to demote the other at the same moment: one must fail.
    const results = await Promise.all([
      (async () => {
        actAs(team.owner.user);
        return updateMemberRoleAction({
          workspaceId: team.workspace.id,
          membershipId: team.admin.membership.id,
          role: "member",
        });
      })(),
      (async () => {
        actAs(team.admin.user);
        return updateMemberRoleAction({
          workspaceId: team.workspace.id,
          membershipId: team.owner.membership.id,
          role: "member",
        });
      })(),
    ]);
    const owners = await testDb()
      .select()
      .from(memberships)
      .where(and(eq(memberships.workspaceId, team.workspace.id), eq(memberships.role, "owner")));
    expect(owners.length).toBeGreaterThanOrEqual(1);
    expect(results.filter((r) => r.ok).length).toBeLessThanOrEqual(1);
  });

  it("takes effect at once: a demoted admin loses admin actions on the next call", async () => {
    const team = await makeTeam();
    actAs(team.owner.user);
    await updateMemberRoleAction({
      workspaceId: team.workspace.id,
      membershipId: team.admin.membership.id,
      role: "member",
    });
    actAs(team.admin.user);
    expect(
      await updateMemberLimitAction({
        workspaceId: team.workspace.id,
        membershipId: team.other.membership.id,
        monthlyLimit: 1,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
  });
});

describe("removal", () => {
  it("removes access and spending at once, keeps the history, and never the last owner", async () => {
    await ensureTestRates();
    const team = await makeTeam();
    const ctx = testContext(new Date());
    await fund(ctx, team.workspace.id, 1_000);
    const charge = () =>
      spend(ctx, {
        workspaceId: team.workspace.id,
        membershipId: team.other.membership.id,
        ...unitGeneration(10),
        idempotencyKey: randomUUID(),
      });
    expect(await charge()).toMatchObject({ ok: true });
    actAs(team.admin.user);
    expect(
      await removeMemberAction({ workspaceId: team.workspace.id, membershipId: team.other.membership.id }),
    ).toMatchObject({ ok: true });
    expect(await getWorkspaceAccess(team.other.user.id, { workspaceId: team.workspace.id })).toBeNull();
    expect(await charge()).toMatchObject({ ok: false, code: "member_not_found" });
    expect(
      await removeMemberAction({ workspaceId: team.workspace.id, membershipId: team.owner.membership.id }),
    ).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    actAs(team.owner.user);
    expect(
      await removeMemberAction({ workspaceId: team.workspace.id, membershipId: team.owner.membership.id }),
    ).toMatchObject({
      ok: false,
      error: { code: "last_owner" },
    });
    const [row] = await testDb()
      .select()
      .from(memberships)
      .where(eq(memberships.id, team.other.membership.id));
    expect(row?.removedAt).toBeInstanceOf(Date);
    expect((await audit(team.workspace.id)).map((e) => e.action)).toEqual(["member.removed"]);
  });
});
