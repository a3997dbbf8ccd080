import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db";

/**
 * Copies the effective low-balance threshold onto the workspace's credit account: the auto top-up
 * threshold while auto top-up is on (credit_accounts.auto_top_up_threshold), else the workspace's
 * Low Balance threshold. Call it in the same transaction as any change to either. A balance already
 * below the new threshold counts as already alerted, so changing a setting never fires an alert.
 */
export async function syncAlertThreshold(db: Executor, workspaceId: string): Promise<number | null> {
  const rows = await db.execute<{ threshold: string | number | null }>(
    sql`SELECT cp_sync_alert_threshold(${workspaceId}::uuid) AS threshold`,
  );
  const value = rows[0]?.threshold;
  return value == null ? null : Number(value);
}
