import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { failure } from "./messages";
import { executePrepared } from "@/db/prepared";
import { withRetry } from "@/db/retry";
import { countLedgerErrors, countLedgerOutcomes } from "@/lib/metrics/ledger";
import type { LedgerContext, LedgerFailure, LedgerFailureCode, LedgerOutcome } from "./types";

/** A ledger function's answer as the database returns it: a result, or a refusal (cp_refusal). */
export type RawOutcome = {
  ok: boolean;
  code?: LedgerFailureCode;
  details?: Record<string, unknown>;
} & Record<string, unknown>;

/** The outcome a caller gets for a ledger function's answer (a refusal gets its message). */
export function toOutcome<T>(raw: RawOutcome): LedgerOutcome<T> {
  if (!raw.ok) return failure(raw.code ?? "invalid_input", raw.details ?? {});
  return raw as unknown as LedgerOutcome<T>;
}

/** The ledger function a statement calls (`cp_grant(...)` → "grant"), as the metrics' operation label. */
function operationOf(statement: SQL): string {
  const first = statement.queryChunks[0] as { value?: unknown } | undefined;
  const text = Array.isArray(first?.value) ? String(first.value[0] ?? "") : "";
  return /^\s*cp_([a-z_]+)\(/.exec(text)?.[1] ?? "other";
}

/**
 * Runs one ledger function: a single statement, so a single transaction and, prepared, a single
 * round trip (db/prepared.ts). Retried after transient failures; the idempotency key makes that
 * safe. Counted in the metrics under `operation` (by default the function's name).
 */
export async function callLedger<T>(
  ctx: LedgerContext,
  statement: SQL,
  operation: string = operationOf(statement),
): Promise<LedgerOutcome<T>> {
  let rows;
  try {
    rows = await withRetry(() =>
      executePrepared<{ result: RawOutcome }>(ctx.db, sql`select ${statement} as result`),
    );
  } catch (error) {
    countLedgerErrors(operation);
    throw error;
  }
  const raw = rows[0]?.result;
  if (!raw) throw new Error("ledger function returned no result");
  countLedgerOutcomes(operation, [raw]);
  return toOutcome<T>(raw);
}

/** Validates a ledger input: its data, or `invalid_input` with one issue per bad field. */
export function parse<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.output<S> } | LedgerFailure {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  return failure("invalid_input", {
    issues: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
  });
}

/**
 * A ledger operation for input nobody has validated yet: validates it with `schema`, then runs the
 * operation that takes validated input (which the metering API, having validated with the same
 * rules, calls directly).
 */
export function parsing<S extends z.ZodType, T>(
  schema: S,
  run: (ctx: LedgerContext, request: z.output<S>) => Promise<LedgerOutcome<T>>,
): (ctx: LedgerContext, input: z.input<S>) => Promise<LedgerOutcome<T>> {
  return async (ctx, input) => {
    const parsed = parse(schema, input);
    return parsed.ok ? run(ctx, parsed.data) : parsed;
  };
}
