import type { EntryCode, LotType, MemberRole } from "@/db/schema";

/** What each ledger entry is called on screen. */
export const ENTRY_LABELS: Record<EntryCode, string> = {
  grant_free: "Free credits",
  grant_subscription: "Subscription credits",
  top_up: "Purchase",
  auto_top_up: "Auto top-up",
  spend: "Generation",
  hold: "Hold",
  release: "Hold released",
  expire: "Expired",
  refund: "Refund",
  adjustment: "Adjustment",
};

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
