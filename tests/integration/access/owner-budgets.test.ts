// Owner budgets (issue 19, points 3-6 as owners set them): bulk limit edits, limits set mid-month
// that count this month's usage or start from now, the top-up permission, defaults for new members
// applied through invitations, and API key budgets.
import "../../support/actions";
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys, auditEvents, memberships } from "@/db/schema";
import { addMember, listMembersWithUsage } from "@/db/queries/members";
import { listApiKeys } from "@/db/queries/api-keys";
import { listLimitSettingsThisMonth } from "@/db/queries/audit";
import { createUser } from "@/db/queries/users";
import { acceptInvitationAction } from "@/lib/actions/invitations/accept-invitation";
import { createInvitationAction } from "@/lib/actions/invitations/create-invitation";
import { createApiKeyAction } from "@/lib/actions/api-keys/create-api-key";
import { revokeApiKeyAction } from "@/lib/actions/api-keys/revoke-api-key";
import { updateApiKeyBudgetAction } from "@/lib/actions/api-keys/update-api-key-budget";
import { updateMemberLimitAction } from "@/lib/actions/members/update-member-limit";
import { updateMemberLimitsAction } from "@/lib/actions/members/update-member-limits";
import { updateMemberTopUpAction } from "@/lib/actions/members/update-member-top-up";
import { updateMemberDefaultsAction } from "@/lib/actions/workspaces/update-member-defaults";
import { getMemberAllowance, spend } from "@/lib/ledger";
import { MAX_BULK_MEMBERS } from "@/lib/validation/access";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { ensureTestRates, fund, testContext, testDb, unitGeneration } from "../../support/db";

type Team = Awaited<ReturnType<typeof makeTeam>>;

async function auditOf(workspaceId: string) {
  return testDb()
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.workspaceId, workspaceId))
    .orderBy(auditEvents.id);
}

async function limitsOf(ids: string[]) {
  const rows = await testDb().select().from(memberships).where(inArray(memberships.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Extra plain members, so a bulk edit has a crowd to work on. */
async function addMembers(team: Team, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const user = await createUser(testDb(), { email: `extra${i}-${team.tag}@team.test`, name: `Extra ${i}` });
    const m = await addMember(testDb(), { workspaceId: team.workspace.id, userId: user.id, role: "member" });
    ids.push(m.id);
  }
  return ids;
}

function charger(team: Team, membershipId: string) {
  const ctx = testContext(new Date());
  return (credits: number) =>
    spend(ctx, {
      workspaceId: team.workspace.id,
      membershipId,
      ...unitGeneration(credits),
      idempotencyKey: randomUUID(),
    });
}

describe("bulk limit edit", () => {
  it("sets one limit for every selected member in one go and audits each change", async () => {
    const team = await makeTeam();
    const ids = [team.member.membership.id, team.other.membership.id, team.admin.membership.id];
    actAs(team.admin.user);
    const result = await updateMemberLimitsAction({
      workspaceId: team.workspace.id,
      membershipIds: ids,
      monthlyLimit: 750,
    });
    expect(result).toEqual({ ok: true, data: { changed: 3, monthlyLimit: 750 } });
    const rows = await limitsOf(ids);
    expect(ids.map((id) => rows.get(id)?.monthlyLimit)).toEqual([750, 750, 750]);
    const events = (await auditOf(team.workspace.id)).filter((e) => e.action === "member.limit_changed");
    expect(events.map((e) => e.targetId).sort()).toEqual([...ids].sort());
    expect(events.find((e) => e.targetId === team.member.membership.id)).toMatchObject({
      actorUserId: team.admin.user.id,
      before: { monthlyLimit: 1_000 },
      after: { monthlyLimit: 750, usedBefore: 0, usageBeforeCounts: true },
    });
    // Saving the same again changes nothing and records nothing.
    expect(
      await updateMemberLimitsAction({
        workspaceId: team.workspace.id,
        membershipIds: ids,
        monthlyLimit: 750,
      }),
    ).toEqual({ ok: true, data: { changed: 0, monthlyLimit: 750 } });
    expect((await auditOf(team.workspace.id)).length).toBe(3);
  });

  it("writes nothing when one selected member is gone, or belongs to another workspace", async () => {
    const team = await makeTeam();
    const stranger = await makeTeam();
    actAs(team.owner.user);
    for (const foreign of [randomUUID(), stranger.member.membership.id]) {
      const result = await updateMemberLimitsAction({
        workspaceId: team.workspace.id,
        membershipIds: [team.member.membership.id, foreign],
        monthlyLimit: 5,
      });
      expect(result).toMatchObject({ ok: false, error: { code: "not_found" } });
    }
    expect((await limitsOf([team.member.membership.id])).get(team.member.membership.id)?.monthlyLimit).toBe(
      1_000,
    );
    expect(
      (await limitsOf([stranger.member.membership.id])).get(stranger.member.membership.id)?.monthlyLimit,
    ).toBe(1_000);
    expect(await auditOf(team.workspace.id)).toEqual([]);
  });

  it("refuses an empty, oversized or repeated selection and a bad limit before anything runs", async () => {
    const team = await makeTeam();
    actAs(team.owner.user);
    const id = team.member.membership.id;
    const bad = [
      { membershipIds: [], monthlyLimit: 5 },
      { membershipIds: Array.from({ length: MAX_BULK_MEMBERS + 1 }, () => randomUUID()), monthlyLimit: 5 },
      { membershipIds: [id, id], monthlyLimit: 5 },
      { membershipIds: ["not-a-uuid"], monthlyLimit: 5 },
      { membershipIds: [id], monthlyLimit: -1 },
      { membershipIds: [id], monthlyLimit: 1.5 },
      { membershipIds: [id], monthlyLimit: 5, countUsage: "yesterday" },
    ];
    for (const input of bad) {
      expect(
        await updateMemberLimitsAction({ workspaceId: team.workspace.id, ...input } as never),
      ).toMatchObject({
        ok: false,
        error: { code: "invalid_input" },
      });
    }
    expect(await auditOf(team.workspace.id)).toEqual([]);
  });

  it("is refused to members and to admins of other workspaces", async () => {
    const team = await makeTeam();
    const stranger = await makeTeam();
    const input = {
      workspaceId: team.workspace.id,
      membershipIds: [team.other.membership.id],
      monthlyLimit: 1,
    };
    actAs(team.member.user);
    expect(await updateMemberLimitsAction(input)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    actAs(stranger.admin.user);
    expect(await updateMemberLimitsAction(input)).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(
      (await limitsOf([team.other.membership.id])).get(team.other.membership.id)?.monthlyLimit,
    ).toBeNull();
  });

  it("runs parallel overlapping edits without deadlock; each member ends on their last audited limit", async () => {
    const team = await makeTeam({ seats: 40 });
    const ids = [team.member.membership.id, team.other.membership.id, ...(await addMembers(team, 12))];
    actAs(team.owner.user);
    const edits = Array.from({ length: 12 }, (_, i) => {
      // Overlapping selections, in different orders: the action locks in id order whatever it is given.
      const selection = i % 2 === 0 ? [...ids].reverse() : ids.slice(i % 5);
      return updateMemberLimitsAction({
        workspaceId: team.workspace.id,
        membershipIds: selection,
        monthlyLimit: 100 + i,
      });
    });
    const results = await Promise.all(edits);
    expect(results.every((r) => r.ok)).toBe(true);
    const rows = await limitsOf(ids);
    const events = (await auditOf(team.workspace.id)).filter((e) => e.action === "member.limit_changed");
    const limitIn = (change: unknown) => (change as { monthlyLimit?: number | null } | null)?.monthlyLimit;
    for (const id of ids) {
      const mine = events.filter((e) => e.targetId === id);
      expect(rows.get(id)?.monthlyLimit).toBe(limitIn(mine.at(-1)?.after));
      // Every audited change starts where the one before it ended: no lost update.
      for (let i = 1; i < mine.length; i += 1) {
        expect(limitIn(mine[i]?.before)).toBe(limitIn(mine[i - 1]?.after));
      }
    }
  });
});

describe("limits set mid-month", () => {
  it("counts this month's usage against the new limit by default", async () => {
    await ensureTestRates();
    const team = await makeTeam();
    const ctx = testContext(new Date());
    await fund(ctx, team.workspace.id, 10_000);
    const charge = charger(team, team.other.membership.id);
    expect(await charge(300)).toMatchObject({ ok: true });
    actAs(team.owner.user);
    await updateMemberLimitAction({
      workspaceId: team.workspace.id,
      membershipId: team.other.membership.id,
      monthlyLimit: 500,
    });
    expect(await getMemberAllowance(ctx, team.workspace.id, team.other.membership.id)).toMatchObject({
      used: 300,
      notCounted: 0,
      remaining: 200,
    });
    expect(await charge(210)).toMatchObject({ ok: false, code: "member_limit_reached" });
    expect(await charge(200)).toMatchObject({ ok: true });
  });

  it("starts from now when asked: usage before it doesn't count, and the members list says so", async () => {
    await ensureTestRates();
    const team = await makeTeam();
    const ctx = testContext(new Date());
    await fund(ctx, team.workspace.id, 10_000);
    const charge = charger(team, team.other.membership.id);
    expect(await charge(300)).toMatchObject({ ok: true });
    actAs(team.owner.user);
    const set = await updateMemberLimitsAction({
      workspaceId: team.workspace.id,
      membershipIds: [team.other.membership.id],
      monthlyLimit: 250,
      countUsage: "now",
    });
    expect(set).toMatchObject({ ok: true });
    expect(await getMemberAllowance(ctx, team.workspace.id, team.other.membership.id)).toMatchObject({
      used: 300,
      notCounted: 300,
      remaining: 250,
    });
    expect(await charge(250)).toMatchObject({ ok: true });
    expect(await charge(1)).toMatchObject({ ok: false, code: "member_limit_reached" });
    const { members } = await listMembersWithUsage(testDb(), team.workspace.id, new Date());
    expect(members.find((m) => m.membershipId === team.other.membership.id)).toMatchObject({
      usedThisMonth: 550,
      uncountedThisMonth: 300,
    });
    const [event] = (await auditOf(team.workspace.id)).filter((e) => e.action === "member.limit_changed");
    expect(event?.after).toEqual({
      monthlyLimit: 250,
      usedBefore: 300,
      usageBeforeCounts: false,
      uncounted: 300,
    });
    // What explains the month's figures on screen: when the limit was set and what had been used.
    expect(
      await listLimitSettingsThisMonth(testDb(), team.workspace.id, new Date(), [team.other.membership.id]),
    ).toEqual([{ membershipId: team.other.membership.id, at: expect.any(Date), usedBefore: 300 }]);
    // Counting this month's usage again puts the 300 back against the limit.
    await updateMemberLimitAction({
      workspaceId: team.workspace.id,
      membershipId: team.other.membership.id,
      monthlyLimit: 250,
    });
    expect(await getMemberAllowance(ctx, team.workspace.id, team.other.membership.id)).toMatchObject({
      notCounted: 0,
      remaining: 0,
    });
  });
});

describe("may use top-up credits", () => {
  it("turns a member's permission off and on, audited, and the ledger follows it", async () => {
    await ensureTestRates();
    const team = await makeTeam();
    const ctx = testContext(new Date());
    await fund(ctx, team.workspace.id, 1_000, { type: "top_up" });
    const charge = charger(team, team.other.membership.id);
    actAs(team.admin.user);
    const off = await updateMemberTopUpAction({
      workspaceId: team.workspace.id,
      membershipId: team.other.membership.id,
      mayUseTopUp: false,
    });
    expect(off).toEqual({ ok: true, data: { mayUseTopUp: false } });
    expect(await charge(10)).toMatchObject({ ok: false, code: "topup_not_allowed" });
    // Others continue.
    expect(await charger(team, team.member.membership.id)(10)).toMatchObject({ ok: true });
    await updateMemberTopUpAction({
      workspaceId: team.workspace.id,
      membershipId: team.other.membership.id,
      mayUseTopUp: true,
    });
    expect(await charge(10)).toMatchObject({ ok: true });
    const events = (await auditOf(team.workspace.id)).filter((e) => e.action === "member.top_up_changed");
    expect(events.map((e) => [e.before, e.after])).toEqual([
      [{ mayUseTopUp: true }, { mayUseTopUp: false }],
      [{ mayUseTopUp: false }, { mayUseTopUp: true }],
    ]);
    actAs(team.member.user);
    expect(
      await updateMemberTopUpAction({
        workspaceId: team.workspace.id,
        membershipId: team.other.membership.id,
        mayUseTopUp: false,
      }),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });
});

describe("defaults for new members", () => {
  const tokenOf = (link: string) => link.split("/invite/")[1] ?? "";

  async function inviteAndAccept(team: Team, input: Record<string, unknown>) {
    const email = `new-${randomUUID().slice(0, 8)}@team.test`;
    actAs(team.owner.user);
    const created = await createInvitationAction({
      workspaceId: team.workspace.id,
      email,
      role: "member",
      ...input,
    });
    if (!created.ok) throw new Error(created.error.message);
    const user = await createUser(testDb(), { email, name: "New" });
    actAs(user);
    const accepted = await acceptInvitationAction({ token: tokenOf(created.data.link) });
    if (!accepted.ok) throw new Error(accepted.error.message);
    const [row] = await testDb()
      .select()
      .from(memberships)
      .where(eq(memberships.id, accepted.data.membershipId));
    return row;
  }

  it("gives a new member the workspace's defaults as they are when they accept", async () => {
    const team = await makeTeam();
    actAs(team.admin.user);
    // The invitation is made before the defaults change: they are read at acceptance.
    actAs(team.owner.user);
    const email = `late-${team.tag}@team.test`;
    const created = await createInvitationAction({ workspaceId: team.workspace.id, email, role: "admin" });
    if (!created.ok) throw new Error(created.error.message);
    const saved = await updateMemberDefaultsAction({
      workspaceId: team.workspace.id,
      defaultMonthlyLimit: 700,
      defaultMayUseTopUp: false,
    });
    expect(saved).toEqual({ ok: true, data: { defaultMonthlyLimit: 700, defaultMayUseTopUp: false } });
    const user = await createUser(testDb(), { email, name: "Late" });
    actAs(user);
    const accepted = await acceptInvitationAction({ token: tokenOf(created.data.link) });
    expect(accepted.ok).toBe(true);
    const [row] = await testDb()
      .select()
      .from(memberships)
      .where(and(eq(memberships.workspaceId, team.workspace.id), eq(memberships.userId, user.id)));
    expect(row).toMatchObject({ role: "admin", monthlyLimit: 700, mayUseTopUp: false });
    const events = await auditOf(team.workspace.id);
    expect(events.find((e) => e.action === "workspace.member_defaults_changed")).toMatchObject({
      before: { defaultMonthlyLimit: null, defaultMayUseTopUp: true },
      after: { defaultMonthlyLimit: 700, defaultMayUseTopUp: false },
    });
  });

  it("lets the invitation set the invitee's own limit and permission instead", async () => {
    const team = await makeTeam();
    actAs(team.owner.user);
    await updateMemberDefaultsAction({
      workspaceId: team.workspace.id,
      defaultMonthlyLimit: 700,
      defaultMayUseTopUp: false,
    });
    expect(await inviteAndAccept(team, { monthlyLimit: null, mayUseTopUp: true })).toMatchObject({
      monthlyLimit: null,
      mayUseTopUp: true,
    });
    expect(await inviteAndAccept(team, { monthlyLimit: 42 })).toMatchObject({
      monthlyLimit: 42,
      mayUseTopUp: false,
    });
  });

  it("refuses bad defaults and members changing them", async () => {
    const team = await makeTeam();
    actAs(team.owner.user);
    for (const defaultMonthlyLimit of [-1, 0.5, "10", 2 ** 60] as never[]) {
      expect(
        await updateMemberDefaultsAction({
          workspaceId: team.workspace.id,
          defaultMonthlyLimit,
          defaultMayUseTopUp: true,
        }),
      ).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    }
    actAs(team.member.user);
    expect(
      await updateMemberDefaultsAction({
        workspaceId: team.workspace.id,
        defaultMonthlyLimit: 1,
        defaultMayUseTopUp: true,
      }),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await auditOf(team.workspace.id)).toEqual([]);
  });
});

describe("API key budgets", () => {
  async function makeKey(team: Team) {
    actAs(team.owner.user);
    const created = await createApiKeyAction({ workspaceId: team.workspace.id, name: "Render farm" });
    if (!created.ok) throw new Error(created.error.message);
    const [row] = await testDb().select().from(apiKeys).where(eq(apiKeys.workspaceId, team.workspace.id));
    if (!row) throw new Error("no key");
    return row;
  }

  it("sets a cap and an allowed list from the rate card, audited, and lists the key's month", async () => {
    await ensureTestRates();
    const team = await makeTeam();
    const key = await makeKey(team);
    const input = {
      workspaceId: team.workspace.id,
      apiKeyId: key.id,
      monthlyCreditCap: 900,
      allowedModels: ["unit:ten"],
    };
    expect(await updateApiKeyBudgetAction(input)).toEqual({
      ok: true,
      data: { id: key.id, monthlyCreditCap: 900, allowedModels: ["unit:ten"] },
    });
    const [listed] = await listApiKeys(testDb(), team.workspace.id, new Date());
    expect(listed).toMatchObject({ monthlyCreditCap: 900, allowedModels: ["unit:ten"], usedThisMonth: 0 });
    const [event] = (await auditOf(team.workspace.id)).filter((e) => e.action === "api_key.budget_changed");
    expect(event).toMatchObject({
      before: { monthlyCreditCap: null, allowedModels: null },
      after: { monthlyCreditCap: 900, allowedModels: ["unit:ten"] },
    });
    expect(
      await updateApiKeyBudgetAction({ ...input, monthlyCreditCap: null, allowedModels: null }),
    ).toMatchObject({ ok: true });
  });

  it("refuses what is not on the rate card, bad bounds, revoked keys and members", async () => {
    await ensureTestRates();
    const team = await makeTeam();
    const key = await makeKey(team);
    const base = {
      workspaceId: team.workspace.id,
      apiKeyId: key.id,
      monthlyCreditCap: 10,
      allowedModels: null,
    };
    const bad = [
      { allowedModels: ["unit:no-such-model"] },
      { allowedModels: ["nope"] },
      { allowedModels: [] },
      { allowedModels: ["unit", "unit"] },
      { allowedModels: Array.from({ length: 201 }, (_, i) => `f${i}`) },
      { monthlyCreditCap: -1 },
      { monthlyCreditCap: 2 ** 60 },
      { monthlyCreditCap: 1.5 },
    ];
    for (const change of bad) {
      expect(await updateApiKeyBudgetAction({ ...base, ...change } as never)).toMatchObject({
        ok: false,
        error: { code: "invalid_input" },
      });
    }
    actAs(team.member.user);
    expect(await updateApiKeyBudgetAction(base)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    actAs(team.owner.user);
    await revokeApiKeyAction({ workspaceId: team.workspace.id, apiKeyId: key.id });
    expect(await updateApiKeyBudgetAction(base)).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect((await auditOf(team.workspace.id)).filter((e) => e.action === "api_key.budget_changed")).toEqual(
      [],
    );
  });
});
