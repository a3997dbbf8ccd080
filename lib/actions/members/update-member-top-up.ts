"use server";

import { revalidatePath } from "next/cache";
import { getMember, setMemberMayUseTopUp } from "@/db/queries/members";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, memberTarget } from "@/lib/actions/audit";
import { updateMemberTopUpInput } from "@/lib/validation/access";

/**
 * Whether a member may spend top-up (bought) credits. When off, the ledger draws only free and
 * subscription credits for them and refuses with topup_not_allowed when those run out.
 */
export const updateMemberTopUpAction = workspaceAction(
  { input: updateMemberTopUpInput, permission: "members:manage" },
  async (ctx, input) => {
    const result = await ctx.db.transaction(async (tx) => {
      const target = await getMember(tx, ctx.workspace.id, input.membershipId, { lock: true });
      if (!target) return fail("not_found", "That member is no longer in this workspace.");
      const before = target.membership.mayUseTopUp;
      if (before === input.mayUseTopUp) return ok({ mayUseTopUp: before, isChanged: false });
      await setMemberMayUseTopUp(tx, ctx.workspace.id, target.membership.id, input.mayUseTopUp);
      await auditChange(tx, ctx, "member.top_up_changed", memberTarget(target), {
        before: { mayUseTopUp: before },
        after: { mayUseTopUp: input.mayUseTopUp },
      });
      return ok({ mayUseTopUp: input.mayUseTopUp, isChanged: true });
    });
    if (!result.ok) return result;
    if (result.data.isChanged) revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok({ mayUseTopUp: result.data.mayUseTopUp });
  },
);
