import { TZDate } from "@date-fns/tz";
import type { EntryCode } from "@/db/schema";
import type { TransactionFilterParams } from "@/lib/validation/credits";
import type { TransactionFilter } from "./read";

/** The history page's "type" filter, in the words on screen, to ledger entry codes. */
export const TRANSACTION_TYPES: Record<
  NonNullable<TransactionFilterParams["type"]>,
  { label: string; codes: EntryCode[] }
> = {
  purchase: { label: "Purchase", codes: ["top_up"] },
  auto_top_up: { label: "Auto top-up", codes: ["auto_top_up"] },
  grant: { label: "Grant", codes: ["grant_free", "grant_subscription"] },
  spend: { label: "Consumption", codes: ["spend"] },
  hold: { label: "Hold", codes: ["hold"] },
  release: { label: "Release", codes: ["release"] },
  refund: { label: "Usage refund", codes: ["refund"] },
  payment_refund: { label: "Refund", codes: ["purchase_refund"] },
  dispute: { label: "Dispute", codes: ["dispute_hold", "dispute_release"] },
  debt: { label: "Debt repaid", codes: ["debt_repayment"] },
  expire: { label: "Expiry", codes: ["expire"] },
  adjustment: { label: "Adjustment", codes: ["adjustment"] },
};

function startOfDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, timeZone).getTime());
}

/** URL filters to a ledger filter; dates are whole days in the workspace's time zone (to is inclusive). */
export function toTransactionFilter(params: TransactionFilterParams, timeZone: string): TransactionFilter {
  const filter: TransactionFilter = {};
  if (params.type) filter.codes = TRANSACTION_TYPES[params.type].codes;
  if (params.member) filter.membershipId = params.member;
  if (params.from) filter.from = startOfDay(params.from, timeZone);
  if (params.to) {
    const start = startOfDay(params.to, timeZone);
    const [y, m, d] = params.to.split("-").map(Number) as [number, number, number];
    const next = new Date(new TZDate(y, m - 1, d + 1, timeZone).getTime());
    filter.to = next > start ? next : start;
  }
  return filter;
}
