"use server";

import { revalidatePath } from "next/cache";
import { raiseCreditEvent } from "@/db/queries/credit-events";
import {
  addLimitExtra,
  closeLimitRequest,
  getLimitRequest,
  raiseMemberLimit,
} from "@/db/queries/member-limit-requests";
import { fail, ok, workspaceAction } from "@/lib/actions/action-client";
import { auditChange, memberTarget } from "@/lib/actions/audit";
import { formatCredits } from "@/lib/format";
import { decideLimitRequestInput } from "@/lib/validation/limit-requests";

const ANSWERED: Record<string, string> = {
  approved: "was already approved",
  denied: "was already denied",
  withdrawn: "was withdrawn by the member",
};

/**
 * An owner or admin answers a member's request for more credits: approve for the rest of this month
 * (extra allowance for the current month, which the ledger's limit check adds), approve as the new
 * monthly limit (the limit goes up by the amount), or deny with a note. The request is closed by a
 * conditional UPDATE in the same transaction as the change, so of two answers at once exactly one
 * changes anything; the other is told it was already answered. The member is told (bell, email).
 */
export const decideLimitRequestAction = workspaceAction(
  { input: decideLimitRequestInput, permission: "members:manage" },
  async (ctx, input) => {
    const found = await getLimitRequest(ctx.db, ctx.workspace.id, input.requestId);
    if (!found) return fail("not_found", "That request doesn't exist in this workspace.");
    if (found.membership.removedAt) return fail("not_found", "That member is no longer in this workspace.");
    const at = ctx.clock.now();
    const approve = input.decision !== "deny";
    const grant = input.decision === "approve_new_limit" ? "new_limit" : "this_month";
    const note = input.note ? input.note : null;
    const outcome = await ctx.db.transaction(async (tx) => {
      const closed = await closeLimitRequest(tx, {
        workspaceId: ctx.workspace.id,
        requestId: input.requestId,
        status: approve ? "approved" : "denied",
        ...(approve ? { grant } : {}),
        decidedByUserId: ctx.user.id,
        note,
        at,
      });
      if (!closed) return null;
      const before = { monthlyLimit: found.membership.monthlyLimit };
      let after: Record<string, unknown> = { status: closed.status };
      let newLimit: number | null = null;
      if (approve && grant === "this_month") {
        const extra = await addLimitExtra(tx, {
          workspaceId: ctx.workspace.id,
          membershipId: closed.membershipId,
          extra: closed.amount,
          at,
        });
        after = { ...after, grant, extraThisMonth: extra.extra, periodStart: extra.periodStart };
      } else if (approve) {
        newLimit = await raiseMemberLimit(tx, ctx.workspace.id, closed.membershipId, closed.amount);
        after = { ...after, grant, monthlyLimit: newLimit };
      }
      await auditChange(
        tx,
        ctx,
        approve ? "member.limit_request_approved" : "member.limit_request_denied",
        memberTarget(found),
        { before, after: { ...after, amount: closed.amount, note }, at },
      );
      await raiseCreditEvent(tx, {
        workspaceId: ctx.workspace.id,
        type: "member_limit_request_decided",
        dedupeKey: `member_limit_request_decided:${closed.id}`,
        membershipId: closed.membershipId,
        payload: {
          requestId: closed.id,
          membershipId: closed.membershipId,
          memberUserId: found.user.id,
          decision: closed.status,
          grant: approve ? grant : null,
          amount: closed.amount,
          newLimit,
          note,
        },
        at,
      });
      return closed;
    });
    if (!outcome) {
      const latest = await getLimitRequest(ctx.db, ctx.workspace.id, input.requestId);
      const how = latest
        ? (ANSWERED[latest.request.status] ?? "was already answered")
        : "was already answered";
      return fail("conflict", `Nothing changed: that request ${how}.`);
    }
    revalidatePath(`/w/${ctx.workspace.slug}`, "layout");
    const who = found.user.name || found.user.email;
    const message = !approve
      ? `Denied ${who}'s request.`
      : grant === "new_limit"
        ? `Raised ${who}'s monthly limit by ${formatCredits(outcome.amount)} credits.`
        : `Gave ${who} ${formatCredits(outcome.amount)} extra credits for the rest of this month.`;
    return ok({ requestId: outcome.id, status: outcome.status, message });
  },
);
