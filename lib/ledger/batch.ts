import "server-only";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { getRateCardCached } from "@/db/queries/rate-card";
import { priceGeneration } from "@/lib/billing/pricing";
import { spendInput, type SpendInput } from "@/lib/validation/ledger";
import { failure } from "./messages";
import { requestHash } from "./request-hash";
import { withRetry } from "@/db/retry";
import type { LedgerContext, LedgerFailureCode, LedgerOutcome, SpendResult } from "./types";

export const MAX_BATCH = 1_000;

type RawOutcome = { ok: boolean; code?: LedgerFailureCode; details?: Record<string, unknown> } & Record<
  string,
  unknown
>;

/** One priced spend as cp_debit_batch takes it. */
export type BatchRecord = {
  member: string;
  amount: number;
  isPro: boolean;
  feature: string;
  model: string;
  settings: Record<string, unknown>;
  results: number;
  key: string;
  hash: string;
};

/** A parsed, priced spend as a batch record (its request hash is the one a single spend uses). */
export function batchRecord(
  s: z.output<typeof spendInput>,
  cost: { credits: number; isPro: boolean },
): BatchRecord {
  return {
    member: s.membershipId,
    amount: cost.credits,
    isPro: cost.isPro,
    feature: s.feature,
    model: s.model,
    settings: s.settings,
    results: s.results,
    key: s.idempotencyKey,
    hash: requestHash("spend", {
      membershipId: s.membershipId,
      feature: s.feature,
      model: s.model,
      settings: s.settings,
      results: s.results,
    }),
  };
}

/**
 * Debits priced records of one workspace in one statement (cp_debit_batch), each with its own
 * result in order. Retried after transient failures: every record has its idempotency key.
 */
export async function debitRecords(
  ctx: LedgerContext,
  workspaceId: string,
  records: BatchRecord[],
): Promise<LedgerOutcome<SpendResult>[]> {
  const statement = sql`select cp_debit_batch(${workspaceId}::uuid, ${JSON.stringify(records)}::jsonb,
      ${ctx.clock.now().toISOString()}::timestamptz) as result`;
  const rows = await withRetry(() => ctx.db.execute<{ result: RawOutcome[] }>(statement));
  const outcomes = rows[0]?.result ?? [];
  if (outcomes.length === 1 && records.length > 1 && outcomes[0]?.code === "workspace_not_found") {
    return records.map(() => failure("workspace_not_found"));
  }
  return records.map((_, i) => {
    const raw = outcomes[i];
    if (!raw) return failure("workspace_not_found");
    return raw.ok
      ? (raw as unknown as LedgerOutcome<SpendResult>)
      : failure(raw.code ?? "invalid_input", raw.details ?? {});
  });
}

/**
 * Charges many finished generations of one workspace in one statement: one transaction and one
 * round trip, the lock taken once. Each record has its own idempotency key and its own result, in
 * the order given; an invalid or refused record does not affect the others.
 */
export async function spendBatch(
  ctx: LedgerContext,
  workspaceId: string,
  records: Omit<SpendInput, "workspaceId">[],
): Promise<LedgerOutcome<SpendResult>[]> {
  if (records.length > MAX_BATCH) throw new Error(`at most ${MAX_BATCH} records per batch`);
  const rates = await getRateCardCached(ctx.db);
  const results: (LedgerOutcome<SpendResult> | null)[] = [];
  const toSend: { index: number; record: BatchRecord }[] = [];
  for (const [index, raw] of records.entries()) {
    const parsed = spendInput.safeParse({ ...raw, workspaceId });
    if (!parsed.success) {
      results.push(
        failure("invalid_input", {
          issues: parsed.error.issues.map((issue) => ({
            path: issue.path.join("."),
            message: issue.message,
          })),
        }),
      );
      continue;
    }
    const s = parsed.data;
    const cost = priceGeneration(rates, s);
    if (!cost.ok) {
      results.push(failure(cost.code, cost.details));
      continue;
    }
    results.push(null);
    toSend.push({
      index,
      record: batchRecord(s, cost),
    });
  }
  if (toSend.length > 0) {
    const outcomes = await debitRecords(
      ctx,
      workspaceId,
      toSend.map((t) => t.record),
    );
    toSend.forEach(({ index }, i) => {
      results[index] = outcomes[i] ?? failure("workspace_not_found");
    });
  }
  return results.map((r) => r ?? failure("invalid_input"));
}
