"use server";

import { revalidatePath } from "next/cache";
import { countOwners, getMember, lockOwners, removeMember } from "@/db/queries/members";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, memberTarget } from "@/lib/actions/audit";
import { checkRemoval } from "@/lib/auth/permissions";
import { removeMemberInput } from "@/lib/validation/access";

/**
 * Removes a member: they lose access at once and can no longer spend. The membership row stays
 * (marked removed) because the ledger names who spent what.
 */
export const removeMemberAction = workspaceAction(
  { input: removeMemberInput, permission: "members:manage" },
  async (ctx, input) => {
    return ctx.db.transaction(async (tx) => {
      await lockOwners(tx, ctx.workspace.id);
      const target = await getMember(tx, ctx.workspace.id, input.membershipId);
      if (!target) return fail("not_found", "That member is no longer in this workspace.");
      const refusal = checkRemoval(ctx.role, target.membership.role, await countOwners(tx, ctx.workspace.id));
      if (refusal === "last_owner") {
        return fail("last_owner", "A workspace needs at least one owner. Make someone else an owner first.");
      }
      if (refusal) return fail("forbidden", "Only owners can remove an owner.");
      const now = ctx.clock.now();
      await removeMember(tx, ctx.workspace.id, target.membership.id, now);
      await auditChange(tx, ctx, "member.removed", memberTarget(target), {
        before: { role: target.membership.role, monthlyLimit: target.membership.monthlyLimit },
        at: now,
      });
      revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
      return ok({ removed: target.membership.id });
    });
  },
);
