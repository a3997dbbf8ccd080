"use server";

import { and, eq, isNull, sql } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { invitations, memberships, users } from "@/db/schema";
import { countSeatsUsed } from "@/db/queries/members";
import { fail, ok, refuseOverLimit, workspaceAction } from "@/lib/actions/action-client";
import { getAppUrl } from "@/lib/app-url";
import { recordAudit } from "@/db/queries/audit";
import { can } from "@/lib/auth/permissions";
import { REQUEST_LIMITS, requestAddress } from "@/lib/auth/request-limits";
import { INVITATION_TTL_MS, invitationLink, mailInvitation, newInvitationToken } from "@/lib/invitations";
import { createInvitationInput } from "@/lib/validation/access";

/** Invites someone by email with a role. Refused when every seat is taken. */
export const createInvitationAction = workspaceAction(
  { input: createInvitationInput, permission: "members:manage" },
  async (ctx, input) => {
    if (input.role === "owner" && !can(ctx.role, "owners:manage")) {
      return fail("forbidden", "Only owners can invite someone as an owner.");
    }
    const limited = await refuseOverLimit(ctx, [
      { limit: REQUEST_LIMITS.invitationsByAddress, subject: await requestAddress() },
      { limit: REQUEST_LIMITS.invitationsToEmail, subject: input.email },
    ]);
    if (limited) return limited;
    const now = ctx.clock.now();
    const { token, tokenHash } = newInvitationToken();
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
    const outcome = await ctx.db.transaction(async (tx) => {
      // Serialise invitations per workspace so two can't both take the last seat.
      await tx.execute(sql`select id from workspaces where id = ${ctx.workspace.id}::uuid for update`);
      const [member] = await tx
        .select({ id: memberships.id })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(
          and(
            eq(memberships.workspaceId, ctx.workspace.id),
            isNull(memberships.removedAt),
            sql`lower(${users.email}) = ${input.email}`,
          ),
        );
      if (member)
        return fail("conflict", `${input.email} is already a member of this workspace.`, {
          email: ["Already a member"],
        });
      const [pending] = await tx
        .select({ id: invitations.id })
        .from(invitations)
        .where(
          and(
            eq(invitations.workspaceId, ctx.workspace.id),
            sql`lower(${invitations.email}) = ${input.email}`,
            isNull(invitations.acceptedAt),
            isNull(invitations.revokedAt),
            sql`${invitations.expiresAt} > ${now.toISOString()}::timestamptz`,
          ),
        );
      if (pending) {
        return fail(
          "conflict",
          `${input.email} already has a pending invitation. Resend it from the list instead.`,
          {
            email: ["Already invited"],
          },
        );
      }
      const seats = await countSeatsUsed(tx, ctx.workspace.id, now);
      if (seats.members + seats.pending >= ctx.workspace.seats) {
        return fail(
          "no_seats",
          `All ${ctx.workspace.seats} seats are taken (${seats.members} members, ${seats.pending} pending invitations). Remove a member or revoke an invitation first.`,
        );
      }
      const [invitation] = await tx
        .insert(invitations)
        .values({
          workspaceId: ctx.workspace.id,
          email: input.email,
          role: input.role,
          tokenHash,
          invitedByUserId: ctx.user.id,
          expiresAt,
          lastSentAt: now,
          createdAt: now,
        })
        .returning();
      if (!invitation) throw new Error("invitation insert returned nothing");
      await recordAudit(tx, {
        workspaceId: ctx.workspace.id,
        actorUserId: ctx.user.id,
        action: "invitation.created",
        targetType: "invitation",
        targetId: invitation.id,
        targetLabel: input.email,
        after: { email: input.email, role: input.role, expiresAt: expiresAt.toISOString() },
        at: now,
      });
      return ok(invitation);
    });
    if (!outcome.ok) return outcome;
    const link = invitationLink(await getAppUrl(), token);
    const email = await mailInvitation({
      to: input.email,
      link,
      workspaceName: ctx.workspace.name,
      inviterName: ctx.user.name,
      expiresAt,
    });
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok({ invitationId: outcome.data.id, link, expiresAt: expiresAt.toISOString(), email });
  },
);
