"use server";

import { revalidatePath } from "next/cache";
import { getMember, setMemberLimit } from "@/db/queries/members";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, memberTarget } from "@/lib/actions/audit";
import { updateMemberLimitInput } from "@/lib/validation/access";

/**
 * Sets a member's monthly credit limit (null: Unlimited). A limit below what they already used
 * this month stops further spending at once; the ledger is not touched.
 */
export const updateMemberLimitAction = workspaceAction(
  { input: updateMemberLimitInput, permission: "members:manage" },
  async (ctx, input) => {
    const target = await getMember(ctx.db, ctx.workspace.id, input.membershipId);
    if (!target) return fail("not_found", "That member is no longer in this workspace.");
    const before = target.membership.monthlyLimit;
    if (before === input.monthlyLimit) return ok({ monthlyLimit: before });
    await ctx.db.transaction(async (tx) => {
      await setMemberLimit(tx, target.membership.id, input.monthlyLimit);
      await auditChange(tx, ctx, "member.limit_changed", memberTarget(target), {
        before: { monthlyLimit: before },
        after: { monthlyLimit: input.monthlyLimit },
      });
    });
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok({ monthlyLimit: input.monthlyLimit });
  },
);
