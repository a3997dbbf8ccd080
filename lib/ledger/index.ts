// The ledger: the only code that changes credits. Every operation is one database transaction,
// idempotent by key, and leaves append-only entries. See docs/ARCHITECTURE.md.
export {
  grant,
  spend,
  hold,
  settle,
  release,
  refund,
  expire,
  expireAllDue,
  releaseTimedOutHolds,
} from "./operations";
export { spendBatch, MAX_BATCH } from "./batch";
export { getBalance, getMemberAllowance, listTransactions } from "./read";
export type { Balance, MemberAllowance, Transaction, TransactionPage, TransactionFilter } from "./read";
export { describeFailure } from "./messages";
export * from "./types";
