import type { LotType } from "@/db/schema";
import type { Deps } from "@/lib/deps";

/** The ledger's name for the one dependencies type (lib/deps.ts). */
export type LedgerContext = Deps;

/** Why a generation was refused. These reach the caller as they are (the API's 402 codes). */
export type RefusalCode = "insufficient_credits" | "member_limit_reached" | "subscription_required";

export type LedgerFailureCode =
  | RefusalCode
  | "invalid_input"
  | "idempotency_conflict"
  | "workspace_not_found"
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
  | "invalid_expiry";

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
  balanceAfter: number;
};

export type SpendResult = {
  entryId: number;
  usageEventId: string;
  membershipId: string;
  amount: number;
  split: Split;
  balanceAfter: number;
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
