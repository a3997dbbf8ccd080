import { TZDate } from "@date-fns/tz";
import { safeCsvText } from "@/lib/csv";
import type { Transaction } from "@/lib/ledger";

export const CSV_COLUMNS = [
  "id",
  "time",
  "type",
  "member",
  "member_email",
  "feature",
  "model",
  "amount",
  "free",
  "subscription",
  "top_up",
  "adjustment",
  "balance_after",
  "reference",
];

const CODE_LABELS: Record<Transaction["code"], string> = {
  grant_free: "Free credits",
  grant_subscription: "Subscription credits",
  top_up: "Purchase",
  auto_top_up: "Auto top-up",
  spend: "Consumption",
  hold: "Hold",
  release: "Release",
  expire: "Expiry",
  // A spend's unused credits coming back; "Refund" is money going back to the card (purchase_refund).
  refund: "Usage refund",
  adjustment: "Adjustment",
  purchase_refund: "Refund",
  dispute_hold: "Held: dispute",
  dispute_release: "Released: dispute won",
  debt_repayment: "Debt repaid",
};

export function transactionLabel(code: Transaction["code"]): string {
  return CODE_LABELS[code];
}

/** One history row as CSV cells: integer credits, time in the workspace's zone with its offset. */
export function transactionCsvRow(t: Transaction, timeZone: string): (string | number)[] {
  const time = new TZDate(new Date(t.createdAt).getTime(), timeZone).toISOString();
  return [
    t.id,
    time,
    CODE_LABELS[t.code],
    safeCsvText(t.member?.name ?? ""),
    safeCsvText(t.member?.email ?? ""),
    safeCsvText(t.feature ?? ""),
    safeCsvText(t.model ?? ""),
    t.amount,
    t.split.free,
    t.split.subscription,
    t.split.topUp,
    t.split.adjustment,
    t.balanceAfter,
    safeCsvText(t.reference ?? ""),
  ];
}
