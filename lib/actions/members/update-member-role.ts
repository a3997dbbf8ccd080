"use server";

import { revalidatePath } from "next/cache";
import { countOwners, getMember, lockOwners, setMemberRole } from "@/db/queries/members";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, memberTarget } from "@/lib/actions/audit";
import { checkRoleChange } from "@/lib/auth/permissions";
import { updateMemberRoleInput } from "@/lib/validation/access";

/** Changes a member's role. Only owners touch owners; the last owner can't be demoted. */
export const updateMemberRoleAction = workspaceAction(
  { input: updateMemberRoleInput, permission: "members:manage" },
  async (ctx, input) => {
    return ctx.db.transaction(async (tx) => {
      // Lock the workspace's owner rows so two demotions can't race past the last-owner rule.
      await lockOwners(tx, ctx.workspace.id);
      const target = await getMember(tx, ctx.workspace.id, input.membershipId);
      if (!target) return fail("not_found", "That member is no longer in this workspace.");
      const from = target.membership.role;
      if (from === input.role) return ok({ role: from });
      const refusal = checkRoleChange(ctx.role, from, input.role, await countOwners(tx, ctx.workspace.id));
      if (refusal === "last_owner") {
        return fail("last_owner", "A workspace needs at least one owner. Make someone else an owner first.");
      }
      if (refusal)
        return fail("forbidden", "Only owners can make someone an owner or change an owner's role.");
      await setMemberRole(tx, ctx.workspace.id, target.membership.id, input.role);
      await auditChange(tx, ctx, "member.role_changed", memberTarget(target), {
        before: { role: from },
        after: { role: input.role },
      });
      revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
      return ok({ role: input.role });
    });
  },
);
