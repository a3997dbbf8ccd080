import type { EntryCode, LotType, MemberRole } from "@/db/schema";
import { transactionLabel } from "@/lib/credits/csv";

/**
 * What a ledger entry is called on screen: the CSV export's words (lib/credits/csv.ts), which the
 * history's type filter uses too, so a row reads the same in the card, the history and the file.
 */
export const entryLabel: (code: EntryCode) => string = transactionLabel;

export const LOT_TYPE_LABELS: Record<LotType, string> = {
  free: "Free",
  subscription: "Subscription",
  top_up: "Top-up",
  adjustment: "Adjustment",
};

export const ROLE_LABELS: Record<MemberRole, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
};

/** What an entry was for, under its type: "feature · model", or whichever of the two it has. */
export function entryDetail(entry: { feature: string | null; model: string | null }): string | null {
  if (entry.feature && entry.model) return `${entry.feature} · ${entry.model}`;
  return entry.feature ?? entry.model ?? null;
}
