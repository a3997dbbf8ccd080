import "server-only";
import type { Deps } from "@/lib/deps";
import { getBalance, readDebt } from "@/lib/ledger";

/**
 * Whether the workspace's shared credits can pay for anything now: some balance and no debt. Members
 * get only this yes or no, never the amounts (My usage: "The workspace is out of credits").
 */
export async function canPoolPay(ctx: Deps, workspaceId: string): Promise<boolean> {
  const [balance, debt] = await Promise.all([getBalance(ctx, workspaceId), readDebt(ctx.db, workspaceId)]);
  return (balance?.total ?? 0) > 0 && debt.owed === 0;
}
