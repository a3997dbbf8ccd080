"use server";

import { revalidatePath } from "next/cache";
import { closeLimitRequest } from "@/db/queries/member-limit-requests";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange } from "@/lib/actions/audit";
import { limitRequestRefInput } from "@/lib/validation/limit-requests";

/** A member withdraws their own open request for more credits (nobody else's). */
export const withdrawLimitRequestAction = workspaceAction(
  { input: limitRequestRefInput, permission: "usage:view-own" },
  async (ctx, input) => {
    const at = ctx.clock.now();
    const closed = await ctx.db.transaction(async (tx) => {
      const row = await closeLimitRequest(tx, {
        workspaceId: ctx.workspace.id,
        requestId: input.requestId,
        membershipId: ctx.membershipId,
        status: "withdrawn",
        decidedByUserId: ctx.user.id,
        at,
      });
      if (!row) return null;
      await auditChange(
        tx,
        ctx,
        "member.limit_request_withdrawn",
        { type: "member", id: ctx.membershipId, label: ctx.user.email },
        { before: { amount: row.amount, reason: row.reason }, at },
      );
      return row;
    });
    if (!closed)
      return fail("not_found", "You have no open request to withdraw (it may have been answered).");
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok({ requestId: closed.id });
  },
);
