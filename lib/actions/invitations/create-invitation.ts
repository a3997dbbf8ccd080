"use server";

import { revalidatePath } from "next/cache";
import { createInvitation, findPendingInvitationByEmail } from "@/db/queries/invitations";
import { countSeatsUsed, findMemberByEmail } from "@/db/queries/members";
import { lockWorkspace } from "@/db/queries/workspaces";
import { fail, ok, refuseOverLimit, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, invitationTarget } from "@/lib/actions/audit";
import { can } from "@/lib/auth/permissions";
import { REQUEST_LIMITS, requestAddress } from "@/lib/auth/request-limits";
import { INVITATION_TTL_MS, newInvitationToken, sendInvitationLink } from "@/lib/invitations";
import { createInvitationInput } from "@/lib/validation/access";

/**
 * Invites someone by email with a role, and a monthly limit and top-up permission of their own or
 * the workspace's defaults when they accept. Refused when every seat is taken.
 */
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
      await lockWorkspace(tx, ctx.workspace.id);
      if (await findMemberByEmail(tx, ctx.workspace.id, input.email))
        return fail("conflict", `${input.email} is already a member of this workspace.`, {
          email: ["Already a member"],
        });
      if (await findPendingInvitationByEmail(tx, ctx.workspace.id, input.email, now)) {
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
      const invitation = await createInvitation(tx, {
        workspaceId: ctx.workspace.id,
        email: input.email,
        role: input.role,
        monthlyLimit: input.monthlyLimit,
        mayUseTopUp: input.mayUseTopUp,
        tokenHash,
        invitedByUserId: ctx.user.id,
        expiresAt,
        at: now,
      });
      await auditChange(
        tx,
        ctx,
        "invitation.created",
        invitationTarget({ id: invitation.id, email: input.email }),
        {
          after: {
            email: input.email,
            role: input.role,
            ...(input.monthlyLimit === "default" ? {} : { monthlyLimit: input.monthlyLimit }),
            ...(input.mayUseTopUp === null ? {} : { mayUseTopUp: input.mayUseTopUp }),
            expiresAt: expiresAt.toISOString(),
          },
          at: now,
        },
      );
      return ok(invitation);
    });
    if (!outcome.ok) return outcome;
    const { link, email } = await sendInvitationLink(ctx, { to: input.email, token, expiresAt });
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok({ invitationId: outcome.data.id, link, expiresAt: expiresAt.toISOString(), email });
  },
);
