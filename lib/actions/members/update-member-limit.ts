"use server";

import { revalidatePath } from "next/cache";
import { ok, workspaceAction } from "@/lib/actions/action-client";
import { changeMemberLimits } from "@/lib/actions/members/limit-change";
import { updateMemberLimitInput } from "@/lib/validation/access";

/**
 * Sets a member's monthly credit limit (null: Unlimited). What they used this month counts against
 * it unless `countUsage` is "now"; a limit below what counts stops further spending at once. The
 * ledger is not touched.
 */
export const updateMemberLimitAction = workspaceAction(
  { input: updateMemberLimitInput, permission: "members:manage" },
  async (ctx, input) => {
    const result = await ctx.db.transaction((tx) =>
      changeMemberLimits(tx, ctx, {
        membershipIds: [input.membershipId],
        monthlyLimit: input.monthlyLimit,
        countUsage: input.countUsage,
      }),
    );
    if (!result.ok) return result;
    if (result.data.changed > 0) revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok({ monthlyLimit: input.monthlyLimit });
  },
);
