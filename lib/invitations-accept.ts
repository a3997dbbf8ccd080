import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Transaction } from "@/db";
import { invitations, memberships, type Invitation, type Workspace } from "@/db/schema";
import { recordAudit } from "@/db/queries/audit";
import { fail, ok, type ActionResult } from "@/lib/actions/action-client";

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
  await tx.execute(sql`select id from workspaces where id = ${workspace.id}::uuid for update`);
  const [locked] = await tx.execute<{
    accepted_at: string | null;
    revoked_at: string | null;
    expires_at: string;
  }>(
    sql`select accepted_at, revoked_at, expires_at from invitations where id = ${invitation.id}::uuid for update`,
  );
  if (!locked || locked.accepted_at) return fail("conflict", "This invitation has already been used.");
  if (locked.revoked_at) return fail("expired", "This invitation was revoked. Ask for a new one.");
  if (new Date(locked.expires_at) <= now)
    return fail("expired", "This invitation has expired. Ask for a new one.");

  const [existing] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspace.id), eq(memberships.userId, input.userId)));
  if (existing && !existing.removedAt) {
    await tx
      .update(invitations)
      .set({ acceptedAt: now, acceptedByUserId: input.userId })
      .where(eq(invitations.id, invitation.id));
    return ok({ workspaceSlug: workspace.slug, membershipId: existing.id });
  }
  const [seats] = await tx.execute<{ members: number }>(
    sql`select count(*)::int as members from memberships where workspace_id = ${workspace.id}::uuid and removed_at is null`,
  );
  if ((seats?.members ?? 0) >= workspace.seats) {
    return fail("no_seats", `${workspace.name} has no free seat. Ask an owner or admin to free one up.`);
  }
  let membershipId: string;
  if (existing) {
    await tx
      .update(memberships)
      .set({ removedAt: null, role: invitation.role, monthlyLimit: null })
      .where(eq(memberships.id, existing.id));
    membershipId = existing.id;
  } else {
    const [created] = await tx
      .insert(memberships)
      .values({ workspaceId: workspace.id, userId: input.userId, role: invitation.role, createdAt: now })
      .returning();
    if (!created) throw new Error("membership insert returned nothing");
    membershipId = created.id;
  }
  await tx
    .update(invitations)
    .set({ acceptedAt: now, acceptedByUserId: input.userId })
    .where(eq(invitations.id, invitation.id));
  await recordAudit(tx, {
    workspaceId: workspace.id,
    actorUserId: input.userId,
    action: "member.joined",
    targetType: "member",
    targetId: membershipId,
    targetLabel: invitation.email,
    after: { role: invitation.role, invitationId: invitation.id },
    at: now,
  });
  return ok({ workspaceSlug: workspace.slug, membershipId });
}
