"use server";

import { revalidatePath } from "next/cache";
import { raiseCreditEvent } from "@/db/queries/credit-events";
import { openLimitRequest } from "@/db/queries/member-limit-requests";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange } from "@/lib/actions/audit";
import { formatCredits } from "@/lib/format";
import { requestLimitIncreaseInput } from "@/lib/validation/limit-requests";

/**
 * A member asks for more credits than their monthly limit allows, with a reason. At most one request
 * is open per member (the database's partial unique index); the owners and admins are told
 * (member_limit_requested: bell, email, webhook) in the same transaction.
 */
export const requestLimitIncreaseAction = workspaceAction(
  { input: requestLimitIncreaseInput, permission: "usage:view-own" },
  async (ctx, input) => {
    if (ctx.monthlyLimit === null) {
      return fail("conflict", "You have no monthly limit, so there is nothing to raise.");
    }
    const at = ctx.clock.now();
    const request = await ctx.db.transaction(async (tx) => {
      const opened = await openLimitRequest(tx, {
        workspaceId: ctx.workspace.id,
        membershipId: ctx.membershipId,
        amount: input.amount,
        reason: input.reason,
        limitWhenAsked: ctx.monthlyLimit,
        at,
      });
      if (!opened) return null;
      await raiseCreditEvent(tx, {
        workspaceId: ctx.workspace.id,
        type: "member_limit_requested",
        dedupeKey: `member_limit_requested:${opened.id}`,
        membershipId: ctx.membershipId,
        payload: {
          requestId: opened.id,
          membershipId: ctx.membershipId,
          memberUserId: ctx.user.id,
          memberEmail: ctx.user.email,
          memberName: ctx.user.name,
          amount: opened.amount,
          reason: opened.reason,
          limit: ctx.monthlyLimit,
        },
        at,
      });
      await auditChange(
        tx,
        ctx,
        "member.limit_requested",
        { type: "member", id: ctx.membershipId, label: ctx.user.email },
        { after: { amount: opened.amount, reason: opened.reason, monthlyLimit: ctx.monthlyLimit }, at },
      );
      return opened;
    });
    if (!request) {
      return fail(
        "conflict",
        "You already have a request waiting for an answer. Withdraw it first to ask for a different amount.",
      );
    }
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    return ok({ requestId: request.id, message: `Asked for ${formatCredits(request.amount)} more credits.` });
  },
);
