import "server-only";
import type { LotType, MemberRole } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { getBalance, getMemberAllowance } from "@/lib/ledger";

/**
 * "Credits Left" in the profile menu, as the caller's role may see it: the workspace's pool split
 * by type for owners and admins (the balance the Credits card reads), a member's own monthly
 * allowance otherwise (what My usage shows). A member never gets the pool.
 */
export type CreditsLeft =
  | { kind: "pool"; total: number; byType: { type: LotType; amount: number }[] }
  | { kind: "allowance"; remaining: number | null; limit: number | null; used: number; resetsAt: string };

// The order credits are spent in; adjustments are listed only when there are some (as on the card).
const ORDER: LotType[] = ["free", "subscription", "top_up", "adjustment"];

export async function getCreditsLeft(
  ctx: Deps,
  access: { workspace: { id: string }; role: MemberRole; membershipId: string },
): Promise<CreditsLeft | null> {
  if (can(access.role, "credits:view")) {
    const balance = await getBalance(ctx, access.workspace.id);
    if (!balance) return null;
    return {
      kind: "pool",
      total: balance.total,
      byType: ORDER.filter((type) => type !== "adjustment" || balance.byType.adjustment.amount > 0).map(
        (type) => ({ type, amount: balance.byType[type].amount }),
      ),
    };
  }
  const allowance = await getMemberAllowance(ctx, access.workspace.id, access.membershipId);
  if (!allowance) return null;
  const { remaining, limit, used, resetsAt } = allowance;
  return { kind: "allowance", remaining, limit, used, resetsAt };
}
