import "server-only";
import { sql } from "drizzle-orm";
import { getRateCardCached } from "@/db/queries/rate-card";
import { priceGeneration } from "@/lib/billing/pricing";
import { spendInput, type SpendInput } from "@/lib/validation/ledger";
import { failure } from "./messages";
import { requestHash } from "./request-hash";
import { withRetry } from "./retry";
import type { LedgerContext, LedgerFailureCode, LedgerOutcome, SpendResult } from "./types";

export const MAX_BATCH = 1_000;

type RawOutcome = { ok: boolean; code?: LedgerFailureCode; details?: Record<string, unknown> } & Record<
  string,
  unknown
>;

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
  const toSend: { index: number; record: Record<string, unknown> }[] = [];
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
      record: {
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
      },
    });
  }
  if (toSend.length > 0) {
    const statement = sql`select cp_debit_batch(${workspaceId}::uuid, ${JSON.stringify(toSend.map((t) => t.record))}::jsonb,
        ${ctx.clock.now().toISOString()}::timestamptz) as result`;
    // Retried after transient failures: every record has its idempotency key.
    const rows = await withRetry(() => ctx.db.execute<{ result: RawOutcome[] }>(statement));
    const outcomes = rows[0]?.result ?? [];
    if (outcomes.length === 1 && toSend.length > 1 && outcomes[0]?.code === "workspace_not_found") {
      return records.map(() => failure("workspace_not_found"));
    }
    toSend.forEach(({ index }, i) => {
      const raw = outcomes[i];
      results[index] = !raw
        ? failure("workspace_not_found")
        : raw.ok
          ? (raw as unknown as LedgerOutcome<SpendResult>)
          : failure(raw.code ?? "invalid_input", raw.details ?? {});
    });
  }
  return results.map((r) => r ?? failure("invalid_input"));
}
