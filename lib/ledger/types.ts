import type { LotType } from "@/db/schema";
import type { Deps } from "@/lib/deps";

/** The ledger's name for the one dependencies type (lib/deps.ts). */
export type LedgerContext = Deps;

/**
 * Why a generation was refused by a limit. These reach the caller as they are (the API's 402 codes), in
 * the order cp_debit_refusal checks them (db/functions/debit.sql).
 */
export const REFUSAL_CODES = [
  "model_not_allowed",
  "credits_owed",
  "subscription_required",
  "key_budget_reached",
  "member_limit_reached",
  "topup_not_allowed",
  "insufficient_credits",
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export type LedgerFailureCode =
  | RefusalCode
  | "invalid_input"
  | "idempotency_conflict"
  | "workspace_not_found"
  | "api_key_revoked"
  | "member_not_found"
  | "unknown_feature"
  | "unknown_model"
  | "unknown_settings"
  | "hold_not_found"
  | "hold_not_active"
  | "hold_expired"
  | "exceeds_hold"
  | "entry_not_found"
  | "exceeds_refundable"
  | "invalid_amount"
  | "invalid_expiry"
  | "lot_not_found";

export type LedgerFailure = {
  ok: false;
  code: LedgerFailureCode;
  message: string;
  details: Record<string, unknown>;
};

export type LedgerSuccess<T> = { ok: true; replayed: boolean } & T;
export type LedgerOutcome<T> = LedgerSuccess<T> | LedgerFailure;

export type Split = { free: number; subscription: number; topUp: number; adjustment: number };

export type GrantResult = {
  entryId: number;
  lotId: string;
  amount: number;
  type: LotType;
  expiresAt: string | null;
  /** After paying off the debt, if any. */
  balanceAfter: number;
  /** How much of the grant paid off the workspace's debt first (a `debt_repayment` entry). */
  debtRepaid: number;
  debtAfter: number;
  /** The `debt_repayment` entry; null when there was no debt. */
  repaymentEntryId: number | null;
};

export type SpendResult = {
  entryId: number;
  usageEventId: string;
  membershipId: string;
  amount: number;
  split: Split;
  balanceAfter: number;
};

/**
 * The quote of a spend: its cost, and either how it would be drawn (split, balanceAfter) or the limit
 * that would refuse it. replayed: the idempotency key was already charged for this request, so the
 * spend would replay that first result and charge nothing.
 */
export type QuoteResult = {
  amount: number;
  split: Split | null;
  balanceAfter: number | null;
  refusal: (LedgerFailure & { code: RefusalCode }) | null;
};

export type HoldResult = {
  holdId: string;
  entryId: number;
  membershipId: string;
  amount: number;
  split: Split;
  balanceAfter: number;
  expiresAt: string;
};

export type SettleResult = {
  holdId: string;
  releaseEntryId: number;
  /** The spend entry; null when the actual cost was zero. */
  entryId: number | null;
  usageEventId: string | null;
  membershipId: string;
  amount: number;
  released: number;
  split: Split;
  balanceAfter: number;
};

export type ReleaseResult = {
  holdId: string;
  entryId: number;
  released: number;
  status: "released" | "expired";
  balanceAfter: number;
};

export type RefundResult = {
  entryId: number;
  refundOf: number;
  amount: number;
  newLotId: string | null;
  balanceAfter: number;
};

export type ExpireResult = { expired: number; balanceAfter: number };

/** Credits a payment had bought, taken back (a refund or a lost dispute): taken + owed = credits. */
export type TakeBackResult = {
  /** The `purchase_refund` entry. */
  entryId: number;
  credits: number;
  /** Taken from what was left of the payment's lots. */
  taken: number;
  /** What could not be taken: added to the workspace's debt. */
  owed: number;
  balanceAfter: number;
  debtAfter: number;
};

export type DisputeHoldResult = {
  /** The `dispute_hold` entry; null when the dispute had already closed (nothing is held then). */
  entryId: number | null;
  held: number;
  balanceAfter: number;
  /** True when the dispute closed before it opened (its events crossed). */
  alreadyClosed?: boolean;
};

export type DisputeCloseResult = {
  /** Won: the `dispute_release` entry. Lost: the `purchase_refund` entry. */
  entryId: number | null;
  /** Held credits that became spendable again (won: all of them; lost: those not taken back). */
  released: number;
  taken: number;
  owed: number;
  balanceAfter: number;
  debtAfter: number;
  /** Lost with a hold: the `dispute_release` entry that came before the take-back. */
  releaseEntryId?: number | null;
};
