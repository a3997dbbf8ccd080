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
export { spend, spendValidated, hold, holdValidated, spendBatch, spendBatchValidated } from "./debit";
export { MAX_BATCH } from "./debit-records";
export { getBalance, getMemberAllowance, listTransactions, openAccount } from "./read";
export type { Balance, MemberAllowance, Transaction, TransactionPage, TransactionFilter } from "./read";
export { describeFailure } from "./messages";
export * from "./types";
