// Setting monthly limits, shared by the editor's one member and Manage Access's bulk edit: lock the
// members in id order, set the limit (and whether this month's usage so far counts), audit each one.
import "server-only";
import type { Transaction } from "@/db";
import { lockMembersForLimitChange, setMemberLimits } from "@/db/queries/members";
import { fail, ok, type WorkspaceActionContext } from "@/lib/actions/action-client";
import { auditChange } from "@/lib/actions/audit";
import type { CountUsage } from "@/lib/validation/access";

type LimitChange = { membershipIds: string[]; monthlyLimit: number | null; countUsage: CountUsage };

/**
 * Sets the limit of every member in `membershipIds`, in the caller's transaction. Refused, with
 * nothing written, when any of them is no longer a member. A member whose limit and counting are
 * already what was asked is left alone (and not audited again).
 */
export async function changeMemberLimits(tx: Transaction, ctx: WorkspaceActionContext, input: LimitChange) {
  const now = ctx.clock.now();
  const targets = await lockMembersForLimitChange(tx, ctx.workspace.id, input.membershipIds, now);
  const missing = input.membershipIds.length - targets.length;
  if (missing > 0) {
    return fail(
      "not_found",
      input.membershipIds.length === 1
        ? "That member is no longer in this workspace."
        : `${missing} of the selected members ${missing === 1 ? "is" : "are"} no longer in this workspace. Refresh and try again.`,
    );
  }
  // "Start from now" with no limit sets nothing aside: an unlimited member has nothing to count against.
  const startFromNow = input.countUsage === "now" && input.monthlyLimit !== null;
  const changed = targets.filter(
    (t) => t.monthlyLimit !== input.monthlyLimit || startFromNow || t.offset > 0,
  );
  if (changed.length === 0) return ok({ changed: 0 });
  const period = changed[0]?.period ?? "";
  const offsets = await setMemberLimits(
    tx,
    ctx.workspace.id,
    changed.map((t) => t.membershipId),
    input.monthlyLimit,
    { startFromNow, period },
  );
  for (const target of changed) {
    const uncounted = offsets.get(target.membershipId) ?? 0;
    await auditChange(
      tx,
      ctx,
      "member.limit_changed",
      { type: "member", id: target.membershipId, label: target.email },
      {
        before: {
          monthlyLimit: target.monthlyLimit,
          ...(target.offset > 0 ? { uncounted: target.offset } : {}),
        },
        after: {
          monthlyLimit: input.monthlyLimit,
          usedBefore: target.usedThisMonth,
          ...(input.monthlyLimit === null ? {} : { usageBeforeCounts: !startFromNow }),
          ...(uncounted > 0 ? { uncounted } : {}),
        },
        at: now,
      },
    );
  }
  return ok({ changed: changed.length });
}
