// Ids from another workspace in every parameter that names a thing: the owner of workspace A, acting
// in A, passes the id of B's member, invitation, API key, notification or purchase. Each is refused
// and nothing of B's changes.
import "../../support/actions";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKeys, creditPurchases, invitations, memberships, notifications } from "@/db/schema";
import { completeTestAuthenticationAction } from "@/lib/actions/credits/complete-test-authentication";
import { createInvitationAction } from "@/lib/actions/invitations/create-invitation";
import { resendInvitationAction } from "@/lib/actions/invitations/resend-invitation";
import { revokeInvitationAction } from "@/lib/actions/invitations/revoke-invitation";
import { removeMemberAction } from "@/lib/actions/members/remove-member";
import { updateMemberLimitAction } from "@/lib/actions/members/update-member-limit";
import { updateMemberRoleAction } from "@/lib/actions/members/update-member-role";
import { revokeApiKeyAction } from "@/lib/actions/api-keys/revoke-api-key";
import { updateApiKeyRateLimitAction } from "@/lib/actions/api-keys/update-api-key-rate-limit";
import { markNotificationReadAction } from "@/lib/actions/notifications/mark-notification-read";
import { raiseCreditEvent } from "@/db/queries/credit-events";
import {
  removeMember,
  restoreMember,
  setMemberLimit,
  setMemberLimits,
  setMemberMayUseTopUp,
  setMemberRole,
} from "@/db/queries/members";
import { actAs } from "../../support/actions";
import { makeTeam } from "../../support/access";
import { makeApiKey } from "../../support/api";
import { testDb } from "../../support/db";

type Team = Awaited<ReturnType<typeof makeTeam>>;
let a: Team;
let b: Team;
const theirs = { invitationId: "", apiKeyId: "", notificationId: "", purchaseId: "" };

/** Everything of B's that these actions could touch. */
async function snapshotOfB() {
  const db = testDb();
  const ws = b.workspace.id;
  return {
    members: await db
      .select()
      .from(memberships)
      .where(eq(memberships.workspaceId, ws))
      .orderBy(asc(memberships.id)),
    invitations: await db
      .select()
      .from(invitations)
      .where(eq(invitations.workspaceId, ws))
      .orderBy(asc(invitations.id)),
    keys: await db.select().from(apiKeys).where(eq(apiKeys.workspaceId, ws)).orderBy(asc(apiKeys.id)),
    notifications: await db
      .select()
      .from(notifications)
      .where(eq(notifications.workspaceId, ws))
      .orderBy(asc(notifications.id)),
    purchases: await db
      .select()
      .from(creditPurchases)
      .where(eq(creditPurchases.workspaceId, ws))
      .orderBy(asc(creditPurchases.id)),
  };
}

beforeAll(async () => {
  a = await makeTeam();
  b = await makeTeam();
  actAs(b.owner.user);
  const invited = await createInvitationAction({
    workspaceId: b.workspace.id,
    email: `idor-${b.tag}@team.test`,
    role: "member",
  });
  if (!invited.ok) throw new Error(invited.error.message);
  theirs.invitationId = invited.data.invitationId;
  theirs.apiKeyId = (await makeApiKey(b.workspace.id)).id;
  await raiseCreditEvent(testDb(), {
    workspaceId: b.workspace.id,
    type: "credit_balance_depleted",
    dedupeKey: `idor:${b.workspace.id}`,
    payload: { balance: 0 },
    at: new Date(),
  });
  const [notification] = await testDb()
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.workspaceId, b.workspace.id), eq(notifications.userId, b.owner.user.id)));
  theirs.notificationId = notification?.id ?? "";
  const now = new Date();
  const [purchase] = await testDb()
    .insert(creditPurchases)
    .values({
      workspaceId: b.workspace.id,
      kind: "auto_top_up",
      provider: "test",
      credits: 1_000,
      amountCents: 1_000,
      status: "failed",
      failureCode: "authentication_required",
      paymentIntentId: `pi_test_idor_${b.tag}`,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: creditPurchases.id });
  theirs.purchaseId = purchase?.id ?? "";
  actAs(a.owner.user);
});

describe("another workspace's ids, passed by an owner acting in their own workspace", () => {
  const cases: [string, () => Promise<{ ok: boolean }>][] = [
    [
      "updateMemberLimitAction",
      () =>
        updateMemberLimitAction({
          workspaceId: a.workspace.id,
          membershipId: b.other.membership.id,
          monthlyLimit: 1,
        }),
    ],
    [
      "updateMemberRoleAction",
      () =>
        updateMemberRoleAction({
          workspaceId: a.workspace.id,
          membershipId: b.other.membership.id,
          role: "admin",
        }),
    ],
    [
      "removeMemberAction",
      () => removeMemberAction({ workspaceId: a.workspace.id, membershipId: b.other.membership.id }),
    ],
    [
      "resendInvitationAction",
      () => resendInvitationAction({ workspaceId: a.workspace.id, invitationId: theirs.invitationId }),
    ],
    [
      "revokeInvitationAction",
      () => revokeInvitationAction({ workspaceId: a.workspace.id, invitationId: theirs.invitationId }),
    ],
    [
      "revokeApiKeyAction",
      () => revokeApiKeyAction({ workspaceId: a.workspace.id, apiKeyId: theirs.apiKeyId }),
    ],
    [
      "updateApiKeyRateLimitAction",
      () =>
        updateApiKeyRateLimitAction({
          workspaceId: a.workspace.id,
          apiKeyId: theirs.apiKeyId,
          limit: { perSecond: 1, burst: 1 },
        }),
    ],
    [
      "markNotificationReadAction",
      () =>
        markNotificationReadAction({ workspaceId: a.workspace.id, notificationId: theirs.notificationId }),
    ],
    [
      "completeTestAuthenticationAction",
      () => completeTestAuthenticationAction({ workspaceId: a.workspace.id, purchaseId: theirs.purchaseId }),
    ],
  ];

  for (const [name, run] of cases) {
    it(`${name} refuses and changes nothing of theirs`, async () => {
      expect(Object.values(theirs).every(Boolean)).toBe(true);
      const before = await snapshotOfB();
      const result = (await run()) as { ok: boolean; error?: { code: string } };
      expect(result.ok).toBe(false);
      expect(result.error?.code).toBe("not_found");
      expect(await snapshotOfB()).toEqual(before);
    });
  }
});

// The actions above check that a member is theirs before they write; the writes name the workspace too,
// so a caller that forgot the check (or a future one) still cannot reach another workspace's member.
describe("the membership writes, given A's workspace and B's member", () => {
  const writes: Array<[string, () => Promise<unknown>]> = [
    ["setMemberRole", () => setMemberRole(testDb(), a.workspace.id, b.member.membership.id, "admin")],
    ["removeMember", () => removeMember(testDb(), a.workspace.id, b.member.membership.id, new Date())],
    [
      "restoreMember",
      () =>
        restoreMember(testDb(), a.workspace.id, b.member.membership.id, {
          role: "owner",
          monthlyLimit: null,
          mayUseTopUp: true,
        }),
    ],
    ["setMemberLimit", () => setMemberLimit(testDb(), a.workspace.id, b.member.membership.id, 1)],
    [
      "setMemberLimits",
      () =>
        testDb().transaction((tx) =>
          setMemberLimits(tx, a.workspace.id, [b.member.membership.id], 7, {
            startFromNow: false,
            period: "2026-01-01",
          }),
        ),
    ],
    [
      "setMemberMayUseTopUp",
      () => setMemberMayUseTopUp(testDb(), a.workspace.id, b.member.membership.id, false),
    ],
  ];

  for (const [name, write] of writes) {
    it(`${name} changes nothing of theirs`, async () => {
      const before = await snapshotOfB();
      await write();
      expect(await snapshotOfB()).toEqual(before);
    });
  }
});
