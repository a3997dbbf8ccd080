// The ledger's counters: every operation's result (ok, refused with its code, or an error) and the
// size of each group-commit batch. Called by lib/ledger where the outcomes come back.
import "server-only";
import { getMetrics } from "./registry";

type Outcome = { ok: boolean; code?: string };

/** Counts each outcome of one ledger call (a batch gives several). */
export function countLedgerOutcomes(operation: string, outcomes: readonly Outcome[]): void {
  const metrics = getMetrics();
  let ok = 0;
  for (const outcome of outcomes) {
    if (outcome.ok) {
      ok += 1;
      continue;
    }
    metrics.ledgerOperations.inc({ operation, result: "refused" });
    metrics.ledgerRefusals.inc({ operation, code: outcome.code ?? "unknown" });
  }
  if (ok > 0) metrics.ledgerOperations.inc({ operation, result: "ok" }, ok);
}

/** Counts ledger calls that failed with an error (after retries), `records` at once. */
export function countLedgerErrors(operation: string, records = 1): void {
  getMetrics().ledgerOperations.inc({ operation, result: "error" }, records);
}

/** One group-commit statement of `size` spends (1: a spend that found its workspace idle). */
export function observeGroupCommit(size: number): void {
  getMetrics().groupCommitBatchSize.observe(size);
}
