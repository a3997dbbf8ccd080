// The workspace's credit account row: every ledger operation locks it first, and its balances are
// the ledger's to change (lib/ledger and the cp_* functions). What is here is everything else: opening
// it, the lock other writers take in the ledger's order, and the alert and auto top-up thresholds the
// spend functions read from it.
import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Executor, Transaction } from "@/db";
import { creditAccounts } from "@/db/schema";

/** Creates the account row every ledger operation locks. Part of creating a workspace. */
export async function openCreditAccount(db: Executor, workspaceId: string): Promise<void> {
  await db.insert(creditAccounts).values({ workspaceId }).onConflictDoNothing();
}

/**
 * Locks the workspace's credit account until the transaction ends. Every ledger writer takes this
 * lock first, so a change that makes the database take it too (a time zone change rebuilds the usage
 * rollups) takes it before anything else, in the same order, and can never deadlock a spend.
 */
export async function lockCreditAccount(tx: Transaction, workspaceId: string): Promise<void> {
  await tx.execute(sql`select 1 from credit_accounts where workspace_id = ${workspaceId}::uuid for update`);
}

/**
 * Copies the effective low-balance threshold onto the workspace's credit account: the auto top-up
 * threshold while auto top-up is on (credit_accounts.auto_top_up_threshold), else the workspace's
 * Low Balance threshold, else `planDefault` (the plan's default, for a workspace whose owner set
 * none). Call it in the same transaction as any change to these. A balance already below the new
 * threshold counts as already alerted, so changing a setting never fires an alert.
 */
export async function syncAlertThreshold(
  db: Executor,
  workspaceId: string,
  planDefault: number,
): Promise<number | null> {
  const rows = await db.execute<{ threshold: string | number | null }>(
    sql`SELECT cp_sync_alert_threshold(${workspaceId}::uuid, ${planDefault}::bigint) AS threshold`,
  );
  const value = rows[0]?.threshold;
  return value == null ? null : Number(value);
}

/**
 * Sets the threshold the spend trigger watches (null: auto top-up off) and re-derives the
 * low-balance alert threshold from it (`planDefault` as in syncAlertThreshold). Call in the same transaction as the settings change.
 */
export async function setAutoTopUpThreshold(
  tx: Executor,
  workspaceId: string,
  threshold: number | null,
  planDefault: number,
): Promise<void> {
  await tx
    .update(creditAccounts)
    .set({ autoTopUpThreshold: threshold })
    .where(eq(creditAccounts.workspaceId, workspaceId));
  await syncAlertThreshold(tx, workspaceId, planDefault);
}

/** The threshold the spend trigger watches: set while auto top-up is on, else null. */
export async function getAutoTopUpThreshold(db: Executor, workspaceId: string): Promise<number | null> {
  const [account] = await db
    .select({ threshold: creditAccounts.autoTopUpThreshold })
    .from(creditAccounts)
    .where(eq(creditAccounts.workspaceId, workspaceId));
  return account?.threshold ?? null;
}
