"use server";

import { revalidatePath } from "next/cache";
import { lockWorkspaceRow, updateWorkspace } from "@/db/queries/workspaces";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, workspaceTarget } from "@/lib/actions/audit";
import { updateMemberDefaultsInput } from "@/lib/validation/access";

/**
 * What a new member gets when they accept an invitation that doesn't say otherwise: a monthly limit
 * (null: Unlimited) and whether they may spend top-up credits. Members already in keep theirs.
 */
export const updateMemberDefaultsAction = workspaceAction(
  { input: updateMemberDefaultsInput, permission: "members:manage" },
  async (ctx, input) => {
    const result = await ctx.db.transaction(async (tx) => {
      const before = await lockWorkspaceRow(tx, ctx.workspace.id);
      if (!before) return fail("not_found", "That workspace doesn't exist any more.");
      const was = {
        defaultMonthlyLimit: before.defaultMemberMonthlyLimit,
        defaultMayUseTopUp: before.defaultMayUseTopUp,
      };
      if (
        was.defaultMonthlyLimit === input.defaultMonthlyLimit &&
        was.defaultMayUseTopUp === input.defaultMayUseTopUp
      ) {
        return ok({ isChanged: false });
      }
      await updateWorkspace(tx, before.id, {
        defaultMemberMonthlyLimit: input.defaultMonthlyLimit,
        defaultMayUseTopUp: input.defaultMayUseTopUp,
      });
      await auditChange(tx, ctx, "workspace.member_defaults_changed", workspaceTarget(before), {
        before: was,
        after: {
          defaultMonthlyLimit: input.defaultMonthlyLimit,
          defaultMayUseTopUp: input.defaultMayUseTopUp,
        },
      });
      return ok({ isChanged: true });
    });
    if (!result.ok) return result;
    if (result.data.isChanged) revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok({
      defaultMonthlyLimit: input.defaultMonthlyLimit,
      defaultMayUseTopUp: input.defaultMayUseTopUp,
    });
  },
);
