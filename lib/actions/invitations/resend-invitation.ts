"use server";

import { revalidatePath } from "next/cache";
import { findInvitationEmail, renewInvitation } from "@/db/queries/invitations";
import { fail, ok, refuseOverLimit, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, invitationTarget } from "@/lib/actions/audit";
import { REQUEST_LIMITS, requestAddress } from "@/lib/auth/request-limits";
import { INVITATION_TTL_MS, newInvitationToken, sendInvitationLink } from "@/lib/invitations";
import { invitationRefInput } from "@/lib/validation/access";

/** Makes a fresh link (the old one stops working) with a new expiry, and sends it again. */
export const resendInvitationAction = workspaceAction(
  { input: invitationRefInput, permission: "members:manage" },
  async (ctx, input) => {
    const invitee = await findInvitationEmail(ctx.db, ctx.workspace.id, input.invitationId);
    if (invitee === null) return fail("not_found", "That invitation was already accepted or revoked.");
    const limited = await refuseOverLimit(ctx, [
      { limit: REQUEST_LIMITS.invitationsByAddress, subject: await requestAddress() },
      { limit: REQUEST_LIMITS.invitationsToEmail, subject: invitee },
    ]);
    if (limited) return limited;
    const now = ctx.clock.now();
    const { token, tokenHash } = newInvitationToken();
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
    const invitation = await renewInvitation(ctx.db, ctx.workspace.id, input.invitationId, {
      tokenHash,
      expiresAt,
      at: now,
    });
    if (!invitation) return fail("not_found", "That invitation was already accepted or revoked.");
    await auditChange(ctx.db, ctx, "invitation.resent", invitationTarget(invitation), {
      after: { expiresAt: expiresAt.toISOString() },
      at: now,
    });
    const { link, email } = await sendInvitationLink(ctx, { to: invitation.email, token, expiresAt });
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok({ invitationId: invitation.id, link, expiresAt: expiresAt.toISOString(), email });
  },
);
