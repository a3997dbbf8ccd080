// Living with a monthly limit (issue 19): the member's 80% and 100% alerts (once per month and threshold,
// whatever races), and asking for more (one open request, approve for this month or as the new limit,
// deny, withdraw; of two answers at once exactly one changes anything), scoped to one workspace.
import "../support/actions";
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditEvents,
  creditEvents,
  memberLimitAlerts,
  memberLimitExtras,
  memberLimitRequests,
  memberships,
  notifications,
} from "@/db/schema";
import { decideLimitRequestAction } from "@/lib/actions/members/decide-limit-request";
import { requestLimitIncreaseAction } from "@/lib/actions/members/request-limit-increase";
import { withdrawLimitRequestAction } from "@/lib/actions/members/withdraw-limit-request";
import { updateMemberAlertSubscriptionAction } from "@/lib/actions/notifications/update-member-alert-subscription";
import { updateEmailPreferenceAction } from "@/lib/actions/notifications/update-email-preference";
import { getMemberAllowance, hold, settle, spend, spendBatch } from "@/lib/ledger";
import { canPoolPay } from "@/lib/credits/pool-status";
import { describeCreditEvent } from "@/lib/notifications/messages";
import { actAs } from "../support/actions";
import { makeTeam } from "../support/access";
import { ensureTestRates, fund, testContext, testDb, unitGeneration } from "../support/db";

beforeAll(async () => {
  await ensureTestRates();
});

type Team = Awaited<ReturnType<typeof makeTeam>>;

async function memberEvents(workspaceId: string) {
  return testDb()
    .select()
    .from(creditEvents)
    .where(eq(creditEvents.workspaceId, workspaceId))
    .orderBy(creditEvents.createdAt, creditEvents.id);
}

async function bellOf(workspaceId: string, userId: string) {
  return testDb()
    .select()
    .from(notifications)
    .where(and(eq(notifications.workspaceId, workspaceId), eq(notifications.userId, userId)));
}

function spendAs(ctx: ReturnType<typeof testContext>, team: Team, credits: number, member = team.member) {
  return spend(ctx, {
    workspaceId: team.workspace.id,
    membershipId: member.membership.id,
    ...unitGeneration(credits),
    idempotencyKey: randomUUID(),
  });
}

/** A team whose member (limit 1,000) has a funded pool; the clock is now, as the actions' is. */
async function fundedTeam() {
  const ctx = testContext(new Date());
  const team = await makeTeam();
  await fund(ctx, team.workspace.id, 10_000);
  return { ctx, team };
}

describe("member alerts", () => {
  it("alerts once at 80% and once at 100% however many spends race across them", async () => {
    const { ctx, team } = await fundedTeam();
    expect((await spendAs(ctx, team, 700)).ok).toBe(true);
    // Racing spends are coalesced into batches, so usage may jump past 80% in one step: at most one
    // warning, exactly one "reached", and both thresholds recorded once.
    const outcomes = await Promise.all(Array.from({ length: 25 }, () => spendAs(ctx, team, 20)));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(15);
    const racing = await memberEvents(team.workspace.id);
    expect(racing.filter((e) => e.type === "member_limit_reached")).toHaveLength(1);
    expect(racing.filter((e) => e.type === "member_limit_warning").length).toBeLessThanOrEqual(1);
    expect(racing).toHaveLength(racing.filter((e) => e.type.startsWith("member_limit_")).length);
  });

  it("alerts at 80%, then at 100%, each once, to the member only", async () => {
    const { ctx, team } = await fundedTeam();
    const instants: number[] = [];
    for (const credits of [500, 300, 100, 50, 50]) {
      ctx.clock.advance(1_000);
      instants.push(ctx.clock.now().getTime());
      expect((await spendAs(ctx, team, credits)).ok).toBe(true);
    }
    expect((await spendAs(ctx, team, 1)).ok).toBe(false);
    const events = await memberEvents(team.workspace.id);
    const alerts = events.filter((e) => e.type.startsWith("member_limit_"));
    expect(alerts.map((e) => e.type)).toEqual(["member_limit_warning", "member_limit_reached"]);
    expect(alerts.every((e) => e.membershipId === team.member.membership.id)).toBe(true);
    // Business time: the instant of the spend that crossed (the 2nd and the 5th), not the database's now().
    expect(alerts.map((e) => e.createdAt.getTime())).toEqual([instants[1], instants[4]]);
    expect(alerts[0]?.payload).toMatchObject({ threshold: 80, limit: 1_000, percent: 80, used: 800 });
    const rows = await testDb()
      .select()
      .from(memberLimitAlerts)
      .where(eq(memberLimitAlerts.membershipId, team.member.membership.id));
    expect(rows.map((r) => r.threshold).sort()).toEqual([100, 80]);
    // The member gets both; owners and admins have not chosen to.
    expect(await bellOf(team.workspace.id, team.member.user.id)).toHaveLength(2);
    expect(await bellOf(team.workspace.id, team.owner.user.id)).toHaveLength(0);
    expect(await bellOf(team.workspace.id, team.admin.user.id)).toHaveLength(0);
  });

  it("counts holds, settles and batches, and a jump past both thresholds raises the 100% one only", async () => {
    const { ctx, team } = await fundedTeam();
    const held = await hold(ctx, {
      workspaceId: team.workspace.id,
      membershipId: team.member.membership.id,
      ...unitGeneration(500),
      idempotencyKey: randomUUID(),
    });
    if (!held.ok) throw new Error(held.code);
    expect(await memberEvents(team.workspace.id)).toEqual([]);
    // The batch takes usage from 500 to 1,000 in one statement.
    const batch = await spendBatch(ctx, team.workspace.id, [
      { membershipId: team.member.membership.id, ...unitGeneration(300), idempotencyKey: randomUUID() },
      { membershipId: team.member.membership.id, ...unitGeneration(200), idempotencyKey: randomUUID() },
    ]);
    expect(batch.every((o) => o.ok)).toBe(true);
    expect((await memberEvents(team.workspace.id)).map((e) => e.type)).toEqual(["member_limit_reached"]);
    // Settling the hold for less lowers usage; nothing new is raised.
    const settled = await settle(ctx, { workspaceId: team.workspace.id, holdId: held.holdId, results: 1 });
    expect(settled.ok).toBe(true);
    expect(await memberEvents(team.workspace.id)).toHaveLength(1);
  });

  it("never alerts for Unlimited or a limit of 0, and tells opted-in owners by name", async () => {
    const { ctx, team } = await fundedTeam();
    expect((await spendAs(ctx, team, 3_000, team.other)).ok).toBe(true);
    await testDb()
      .update(memberships)
      .set({ monthlyLimit: 0 })
      .where(eq(memberships.id, team.other.membership.id));
    expect((await spendAs(ctx, team, 10, team.other)).ok).toBe(false);
    expect(await memberEvents(team.workspace.id)).toEqual([]);

    actAs(team.owner.user);
    expect((await updateMemberAlertSubscriptionAction({ workspaceId: team.workspace.id, on: true })).ok).toBe(
      true,
    );
    expect((await spendAs(ctx, team, 800)).ok).toBe(true);
    const [ownerCopy] = await bellOf(team.workspace.id, team.owner.user.id);
    const [memberCopy] = await bellOf(team.workspace.id, team.member.user.id);
    expect(await bellOf(team.workspace.id, team.admin.user.id)).toHaveLength(0);
    const payload = ownerCopy?.payload as Record<string, unknown>;
    expect(describeCreditEvent("member_limit_warning", payload, team.owner.user.id).title).toBe(
      `${team.member.user.name} used 80% of their limit`,
    );
    expect(
      describeCreditEvent(
        "member_limit_warning",
        memberCopy?.payload as Record<string, unknown>,
        team.member.user.id,
      ).body,
    ).toMatch(/^You have used 80% of your 1,000-credit limit this month; it resets on /);
  });

  it("lets a member choose their own alert emails but not the owners' credit emails", async () => {
    const { team } = await fundedTeam();
    actAs(team.member.user);
    const own = await updateEmailPreferenceAction({
      workspaceId: team.workspace.id,
      type: "member_limit_warning",
      email: false,
    });
    expect(own.ok).toBe(true);
    const credit = await updateEmailPreferenceAction({
      workspaceId: team.workspace.id,
      type: "credit_balance_low",
      email: false,
    });
    expect(credit).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("tells members without amounts when the pool can't pay, and the 402 links to asking for more", async () => {
    const ctx = testContext(new Date());
    const team = await makeTeam();
    expect(await canPoolPay(ctx, team.workspace.id)).toBe(false);
    await fund(ctx, team.workspace.id, 2_000);
    expect(await canPoolPay(ctx, team.workspace.id)).toBe(true);
    const refused = await spendAs(ctx, team, 1_100);
    expect(refused).toMatchObject({
      ok: false,
      code: "member_limit_reached",
      details: { requestUrlPath: "/usage?request=more" },
    });
  });
});

async function requestMore(team: Team, amount = 500, reason = "Client launch this week") {
  actAs(team.member.user);
  return requestLimitIncreaseAction({ workspaceId: team.workspace.id, amount, reason });
}

async function requestRow(id: string) {
  const [row] = await testDb().select().from(memberLimitRequests).where(eq(memberLimitRequests.id, id));
  return row;
}

describe("asking for more", () => {
  it("keeps one request open, tells owners and admins, and audits each step", async () => {
    const { team } = await fundedTeam();
    const first = await requestMore(team);
    if (!first.ok) throw new Error(first.error.message);
    const second = await requestMore(team, 200, "Another one");
    expect(second).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect((await requestMore(team, 0, "x")).ok).toBe(false);
    expect((await requestMore(team, 10, "   ")).ok).toBe(false);
    expect((await requestMore(team, 10, "x".repeat(501))).ok).toBe(false);

    const [event] = await memberEvents(team.workspace.id);
    expect(event).toMatchObject({ type: "member_limit_requested" });
    expect(await bellOf(team.workspace.id, team.owner.user.id)).toHaveLength(1);
    expect(await bellOf(team.workspace.id, team.admin.user.id)).toHaveLength(1);
    expect(await bellOf(team.workspace.id, team.member.user.id)).toHaveLength(0);

    // Withdrawing opens the way for a new request.
    const withdrawn = await withdrawLimitRequestAction({
      workspaceId: team.workspace.id,
      requestId: first.data.requestId,
    });
    expect(withdrawn.ok).toBe(true);
    expect((await requestRow(first.data.requestId))?.status).toBe("withdrawn");
    expect((await requestMore(team, 300, "Smaller ask")).ok).toBe(true);

    const audit = await testDb()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.workspaceId, team.workspace.id))
      .orderBy(asc(auditEvents.id));
    expect(audit.map((a) => a.action)).toEqual([
      "member.limit_requested",
      "member.limit_request_withdrawn",
      "member.limit_requested",
    ]);
  });

  it("approves for the rest of this month: the ledger lets the member spend it, once", async () => {
    const { ctx, team } = await fundedTeam();
    expect((await spendAs(ctx, team, 1_000)).ok).toBe(true);
    expect((await spendAs(ctx, team, 100)).ok).toBe(false);
    const asked = await requestMore(team, 500);
    if (!asked.ok) throw new Error(asked.error.message);

    actAs(team.owner.user);
    const decide = () =>
      decideLimitRequestAction({
        workspaceId: team.workspace.id,
        requestId: asked.data.requestId,
        decision: "approve_this_month",
      });
    expect((await decide()).ok).toBe(true);
    expect(await decide()).toMatchObject({ ok: false, error: { code: "conflict" } });
    const extras = await testDb()
      .select()
      .from(memberLimitExtras)
      .where(eq(memberLimitExtras.membershipId, team.member.membership.id));
    expect(extras.map((x) => x.extra)).toEqual([500]);
    expect(await getMemberAllowance(ctx, team.workspace.id, team.member.membership.id)).toMatchObject({
      limit: 1_500,
      extra: 500,
      used: 1_000,
      remaining: 500,
    });
    // The extra is counted by the single spend and by the batch alike, and no further.
    expect((await spendAs(ctx, team, 300)).ok).toBe(true);
    const batch = await spendBatch(ctx, team.workspace.id, [
      { membershipId: team.member.membership.id, ...unitGeneration(200), idempotencyKey: randomUUID() },
      { membershipId: team.member.membership.id, ...unitGeneration(1), idempotencyKey: randomUUID() },
    ]);
    expect(batch.map((o) => (o.ok ? "ok" : o.code))).toEqual(["ok", "member_limit_reached"]);
    // The monthly limit itself is unchanged; the member is told.
    const [membership] = await testDb()
      .select()
      .from(memberships)
      .where(eq(memberships.id, team.member.membership.id));
    expect(membership?.monthlyLimit).toBe(1_000);
    const told = await bellOf(team.workspace.id, team.member.user.id);
    expect(told.map((n) => n.type)).toContain("member_limit_request_decided");
  });

  it("approves as the new limit, or denies with a note", async () => {
    const { team } = await fundedTeam();
    const asked = await requestMore(team, 250);
    if (!asked.ok) throw new Error(asked.error.message);
    actAs(team.admin.user);
    const raised = await decideLimitRequestAction({
      workspaceId: team.workspace.id,
      requestId: asked.data.requestId,
      decision: "approve_new_limit",
    });
    expect(raised.ok).toBe(true);
    const [membership] = await testDb()
      .select()
      .from(memberships)
      .where(eq(memberships.id, team.member.membership.id));
    expect(membership?.monthlyLimit).toBe(1_250);

    const again = await requestMore(team, 100, "More please");
    if (!again.ok) throw new Error(again.error.message);
    actAs(team.owner.user);
    const denied = await decideLimitRequestAction({
      workspaceId: team.workspace.id,
      requestId: again.data.requestId,
      decision: "deny",
      note: "Not this month",
    });
    expect(denied.ok).toBe(true);
    expect(await requestRow(again.data.requestId)).toMatchObject({
      status: "denied",
      decisionNote: "Not this month",
    });
    const events = (await memberEvents(team.workspace.id)).filter(
      (e) => e.type === "member_limit_request_decided",
    );
    expect(events.map((e) => (e.payload as { decision: string }).decision)).toEqual(["approved", "denied"]);
    const audit = await testDb()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.workspaceId, team.workspace.id));
    expect(audit.map((a) => a.action)).toContain("member.limit_request_approved");
    expect(audit.map((a) => a.action)).toContain("member.limit_request_denied");
  });

  it("lets exactly one of many concurrent answers change anything", async () => {
    const { team } = await fundedTeam();
    const asked = await requestMore(team, 400);
    if (!asked.ok) throw new Error(asked.error.message);
    actAs(team.owner.user);
    const decisions = ["approve_this_month", "approve_new_limit", "deny"] as const;
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        decideLimitRequestAction({
          workspaceId: team.workspace.id,
          requestId: asked.data.requestId,
          decision: decisions[i % 3] ?? "deny",
        }),
      ),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.filter((a) => !a.ok).every((a) => !a.ok && a.error.code === "conflict")).toBe(true);
    const row = await requestRow(asked.data.requestId);
    const extras = await testDb()
      .select()
      .from(memberLimitExtras)
      .where(eq(memberLimitExtras.membershipId, team.member.membership.id));
    const [membership] = await testDb()
      .select()
      .from(memberships)
      .where(eq(memberships.id, team.member.membership.id));
    const changes =
      (extras.length > 0 ? 1 : 0) +
      (membership?.monthlyLimit !== 1_000 ? 1 : 0) +
      (row?.status === "denied" ? 1 : 0);
    expect(changes).toBe(1);
    expect(extras.map((x) => x.extra)).toEqual(row?.grant === "this_month" ? [400] : []);
    const told = (await memberEvents(team.workspace.id)).filter(
      (e) => e.type === "member_limit_request_decided",
    );
    expect(told).toHaveLength(1);
  });

  it("refuses members, strangers and other workspaces' admins", async () => {
    const { team } = await fundedTeam();
    const elsewhere = await makeTeam();
    const asked = await requestMore(team);
    if (!asked.ok) throw new Error(asked.error.message);
    const attempt = (workspaceId: string) =>
      decideLimitRequestAction({
        workspaceId,
        requestId: asked.data.requestId,
        decision: "approve_new_limit",
      });

    actAs(team.member.user);
    expect(await attempt(team.workspace.id)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    actAs(team.other.user);
    expect(
      await withdrawLimitRequestAction({ workspaceId: team.workspace.id, requestId: asked.data.requestId }),
    ).toMatchObject({ ok: false, error: { code: "not_found" } });
    actAs(elsewhere.admin.user);
    expect(await attempt(elsewhere.workspace.id)).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await attempt(team.workspace.id)).toMatchObject({ ok: false, error: { code: "not_found" } });
    actAs(null);
    expect(await attempt(team.workspace.id)).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    expect((await requestRow(asked.data.requestId))?.status).toBe("open");
    // An Unlimited member has nothing to raise.
    actAs(team.other.user);
    expect(
      await requestLimitIncreaseAction({ workspaceId: team.workspace.id, amount: 10, reason: "x" }),
    ).toMatchObject({ ok: false, error: { code: "conflict" } });
  });
});
