import "server-only";
import type { Transaction } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { lockInvitation, markInvitationAccepted } from "@/db/queries/invitations";
import { addMember, countMembers, findMembership, restoreMember } from "@/db/queries/members";
import { getWorkspace, lockWorkspace } from "@/db/queries/workspaces";
import type { Invitation, Workspace } from "@/db/schema";
import { fail, ok, type ActionResult } from "@/lib/actions/action-client";

/**
 * What a new member gets: the role the invitation names, and its monthly limit and top-up permission
 * unless it left them to the workspace's defaults (read when they accept, not when they were invited).
 */
export function accessFromInvitation(
  invitation: Pick<Invitation, "role" | "monthlyLimitFromDefault" | "monthlyLimit" | "mayUseTopUp">,
  workspace: Pick<Workspace, "defaultMemberMonthlyLimit" | "defaultMayUseTopUp">,
) {
  return {
    role: invitation.role,
    monthlyLimit: invitation.monthlyLimitFromDefault
      ? workspace.defaultMemberMonthlyLimit
      : invitation.monthlyLimit,
    mayUseTopUp: invitation.mayUseTopUp ?? workspace.defaultMayUseTopUp,
  };
}

/**
 * Turns a pending invitation into a membership for `userId`, inside the caller's transaction:
 * single use (the row is locked and marked accepted), refused when every seat is taken. A member
 * who was removed before gets their membership back with the invited role.
 */
export async function acceptInvitation(
  tx: Transaction,
  input: { invitation: Invitation; workspace: Workspace; userId: string; userEmail: string; now: Date },
): Promise<ActionResult<{ workspaceSlug: string; membershipId: string }>> {
  const { invitation, workspace, now } = input;
  if (invitation.email.toLowerCase() !== input.userEmail.toLowerCase()) {
    return fail(
      "forbidden",
      `This invitation is for ${invitation.email}. Sign in with that address to accept it.`,
    );
  }
  await lockWorkspace(tx, workspace.id);
  const locked = await lockInvitation(tx, invitation.id);
  if (!locked || locked.acceptedAt) return fail("conflict", "This invitation has already been used.");
  if (locked.revokedAt) return fail("expired", "This invitation was revoked. Ask for a new one.");
  if (locked.expiresAt <= now) return fail("expired", "This invitation has expired. Ask for a new one.");

  const existing = await findMembership(tx, workspace.id, input.userId);
  if (existing && !existing.removedAt) {
    await markInvitationAccepted(tx, invitation.id, input.userId, now);
    return ok({ workspaceSlug: workspace.slug, membershipId: existing.id });
  }
  if ((await countMembers(tx, workspace.id)) >= workspace.seats) {
    return fail("no_seats", `${workspace.name} has no free seat. Ask an owner or admin to free one up.`);
  }
  // The workspace's defaults as they are now, under its lock (not as the caller read them earlier).
  const access = accessFromInvitation(invitation, (await getWorkspace(tx, workspace.id)) ?? workspace);
  let membershipId: string;
  if (existing) {
    await restoreMember(tx, workspace.id, existing.id, access);
    membershipId = existing.id;
  } else {
    const created = await addMember(tx, {
      workspaceId: workspace.id,
      userId: input.userId,
      ...access,
      createdAt: now,
    });
    membershipId = created.id;
  }
  await markInvitationAccepted(tx, invitation.id, input.userId, now);
  await recordAudit(tx, {
    workspaceId: workspace.id,
    actorUserId: input.userId,
    action: "member.joined",
    targetType: "member",
    targetId: membershipId,
    targetLabel: invitation.email,
    after: { ...access, invitationId: invitation.id },
    at: now,
  });
  return ok({ workspaceSlug: workspace.slug, membershipId });
}
