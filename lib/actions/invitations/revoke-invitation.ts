"use server";

import { and, eq, isNull } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { invitations } from "@/db/schema";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { recordAudit } from "@/db/queries/audit";
import { invitationRefInput } from "@/lib/validation/access";

/** Revokes a pending invitation: its link stops working and its seat is free again. */
export const revokeInvitationAction = workspaceAction(
  { input: invitationRefInput, permission: "members:manage" },
  async (ctx, input) => {
    const now = ctx.clock.now();
    return ctx.db.transaction(async (tx) => {
      const [invitation] = await tx
        .update(invitations)
        .set({ revokedAt: now })
        .where(
          and(
            eq(invitations.id, input.invitationId),
            eq(invitations.workspaceId, ctx.workspace.id),
            isNull(invitations.acceptedAt),
            isNull(invitations.revokedAt),
          ),
        )
        .returning();
      if (!invitation) return fail("not_found", "That invitation was already accepted or revoked.");
      await recordAudit(tx, {
        workspaceId: ctx.workspace.id,
        actorUserId: ctx.user.id,
        action: "invitation.revoked",
        targetType: "invitation",
        targetId: invitation.id,
        targetLabel: invitation.email,
        before: { email: invitation.email, role: invitation.role },
        at: now,
      });
      revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
      return ok({ invitationId: invitation.id });
    });
  },
);
