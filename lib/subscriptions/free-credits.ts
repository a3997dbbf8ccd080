// The free daily credits of a workspace without a subscription: 100 a day, expiring at the end of the
// workspace's local day. The credit clock (lib/jobs/cycles.ts) grants each day's; a new workspace gets
// its first day's when it is created, under the same key, so the clock never grants that day twice.
import "server-only";
import type { Workspace } from "@/db/schema";
import { listWorkspacesForUser, setFreeCreditsGrantedFor } from "@/db/queries/workspaces";
import { FREE_DAILY_CREDITS, hasActiveSubscription } from "@/lib/billing/plans";
import { localDay } from "@/lib/billing/schedule";
import type { Deps } from "@/lib/deps";
import { grant } from "@/lib/ledger";
import { systemKey } from "@/lib/ledger/keys";

/** Grants today's 100 free credits (expiring at the end of the local day) if not granted yet. */
export async function grantDueFreeCredits(ctx: Deps, workspace: Workspace): Promise<boolean> {
  if (hasActiveSubscription(workspace)) return false;
  const day = localDay(ctx.clock.now(), workspace.timeZone);
  if (workspace.freeCreditsGrantedFor && workspace.freeCreditsGrantedFor >= day.date) return false;
  const outcome = await grant(ctx, {
    workspaceId: workspace.id,
    type: "free",
    code: "grant_free",
    amount: FREE_DAILY_CREDITS,
    expiresAt: day.end,
    reference: day.date,
    idempotencyKey: systemKey("free", workspace.id, day.date),
  });
  if (!outcome.ok) throw new Error(`free credits for ${workspace.id} failed: ${outcome.message}`);
  await setFreeCreditsGrantedFor(ctx.db, workspace.id, day.date);
  return !outcome.replayed;
}

/**
 * A person who just arrived (OAuth or a magic link: next-auth's createUser made their workspace):
 * today's free credits for each workspace they have, as for any new workspace.
 */
export async function grantNewUsersFreeCredits(ctx: Deps, userId: string): Promise<void> {
  for (const { workspace } of await listWorkspacesForUser(ctx.db, userId))
    await grantDueFreeCredits(ctx, workspace);
}
