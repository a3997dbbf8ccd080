// Reads of credit lots and grant entries for code outside the ledger (which alone writes them):
// the lots a payment's grant made, so a refund or dispute of that payment draws on them.
import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db";
import { creditLots, ledgerEntries } from "@/db/schema";

/** The lots the given grant entries created, in the workspace. */
export async function listLotIdsOfGrants(
  db: Executor,
  workspaceId: string,
  grantEntryIds: number[],
): Promise<string[]> {
  if (grantEntryIds.length === 0) return [];
  const rows = await db
    .select({ id: creditLots.id })
    .from(creditLots)
    .where(and(eq(creditLots.workspaceId, workspaceId), inArray(creditLots.grantEntryId, grantEntryIds)))
    .orderBy(creditLots.grantEntryId);
  return rows.map((row) => row.id);
}

/** The workspace a ledger entry belongs to (null: no such entry). */
export async function findEntryWorkspace(db: Executor, entryId: number): Promise<string | null> {
  const [row] = await db
    .select({ workspaceId: ledgerEntries.workspaceId })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.id, entryId));
  return row?.workspaceId ?? null;
}
