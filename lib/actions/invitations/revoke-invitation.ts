"use server";

import { revalidatePath } from "next/cache";
import { revokeInvitation } from "@/db/queries/invitations";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, invitationTarget } from "@/lib/actions/audit";
import { invitationRefInput } from "@/lib/validation/access";

/** Revokes a pending invitation: its link stops working and its seat is free again. */
export const revokeInvitationAction = workspaceAction(
  { input: invitationRefInput, permission: "members:manage" },
  async (ctx, input) => {
    const now = ctx.clock.now();
    return ctx.db.transaction(async (tx) => {
      const invitation = await revokeInvitation(tx, ctx.workspace.id, input.invitationId, now);
      if (!invitation) return fail("not_found", "That invitation was already accepted or revoked.");
      await auditChange(tx, ctx, "invitation.revoked", invitationTarget(invitation), {
        before: { email: invitation.email, role: invitation.role },
        at: now,
      });
      revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
      return ok({ invitationId: invitation.id });
    });
  },
);
