// The ledger: the only code that changes credits. Every operation is one database transaction,
// idempotent by key, and leaves append-only entries. See docs/ARCHITECTURE.md.
export {
  grant,
  settle,
  settleValidated,
  release,
  refund,
  expire,
  expireAllDue,
  releaseTimedOutHolds,
} from "./operations";
export {
  spend,
  spendValidated,
  hold,
  holdValidated,
  spendBatch,
  spendBatchValidated,
  quoteValidated,
} from "./debit";
export type { DebitRequest } from "./debit-records";
export { takeBackCredits, holdDisputedCredits, closeDisputedCredits, readDebt } from "./reversals";
export { getBalance, getMemberAllowance, listTransactions } from "./read";
export type { Balance, MemberAllowance, Transaction } from "./read";
export * from "./types";
