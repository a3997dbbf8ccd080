"use server";

import { revalidatePath } from "next/cache";
import { ok, workspaceAction } from "@/lib/actions/action-client";
import { changeMemberLimits } from "@/lib/actions/members/limit-change";
import { updateMemberLimitsInput } from "@/lib/validation/access";

/**
 * Manage Access's bulk edit: one monthly limit for every selected member, in one transaction (all
 * or none), each change audited on its own.
 */
export const updateMemberLimitsAction = workspaceAction(
  { input: updateMemberLimitsInput, permission: "members:manage" },
  async (ctx, input) => {
    const result = await ctx.db.transaction((tx) => changeMemberLimits(tx, ctx, input));
    if (!result.ok) return result;
    if (result.data.changed > 0) revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok({ changed: result.data.changed, monthlyLimit: input.monthlyLimit });
  },
);
