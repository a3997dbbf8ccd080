import "server-only";
import type { Split } from "@/lib/ledger";

/** The API reports three credit types; adjustment credits (corrections) count as top-up credits. */
export function apiSplit(split: Split) {
  return { free: split.free, subscription: split.subscription, topUp: split.topUp + split.adjustment };
}
