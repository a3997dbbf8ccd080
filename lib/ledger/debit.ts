// Spends and holds: one path. Each generation is validated once (by spendInput / holdInput here, or
// by the metering API's schemas, built from the same rules, before it calls the *Validated
// functions), priced outside any lock and given its request hash as a debit record; one record goes
// to cp_debit, several spends to cp_debit_records (debit-batch.sql), and both apply the same rules
// (db/functions/debit.sql).
import "server-only";
import type { z } from "zod";
import { getRateCardCached } from "@/db/queries/rate-card";
import { env } from "@/lib/env";
import { holdInput, spendInput, type SpendInput } from "@/lib/validation/ledger";
import { coalesceSpend } from "./coalesce";
import {
  debitOne,
  debitRecords,
  MAX_BATCH,
  priceRecord,
  priceRecords,
  type DebitRequest,
  type SpendRequest,
} from "./debit-records";
import { parse, parsing } from "./call";
import {
  REFUSAL_CODES,
  type HoldResult,
  type LedgerContext,
  type LedgerFailure,
  type LedgerOutcome,
  type QuoteResult,
  type RefusalCode,
  type SpendResult,
} from "./types";

/** A hold as holdInput leaves it: validated, defaults applied. */
type HoldRequest = z.output<typeof holdInput>;

/**
 * Charges a finished generation: priced from the rate card (outside any lock), then drawn from
 * free, subscription and top-up credits in that order, soonest expiry first.
 */
export const spend = parsing(spendInput, spendValidated);

/** `spend` for a request already validated by the same rules (the metering API's). */
export function spendValidated(
  ctx: LedgerContext,
  request: SpendRequest,
): Promise<LedgerOutcome<SpendResult>> {
  // Not an async function: with the rate card cached, a spend goes to group commit without a promise
  // and a turn of its own (each costs on every metering request, docs/PERFORMANCE.md).
  try {
    const rates = getRateCardCached(ctx.db);
    if (rates instanceof Promise) return rates.then((card) => spendPriced(ctx, request, card));
    return spendPriced(ctx, request, rates);
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

function spendPriced(
  ctx: LedgerContext,
  request: SpendRequest,
  rates: Awaited<ReturnType<typeof getRateCardCached>>,
): Promise<LedgerOutcome<SpendResult>> {
  const priced = priceRecord(rates, "spend", request);
  if (!priced.ok) return Promise.resolve(priced);
  // Alone when the workspace is idle; batched with its other waiting spends when it is busy.
  return coalesceSpend(ctx, request.workspaceId, priced.data);
}

/**
 * What `spendValidated` would do with this request, answered by the same function (cp_debit, as a dry
 * run) without writing anything: the cost and its split, or the refusal. Never batched and never
 * locking: a quote is a snapshot, and the real spend may still find things changed.
 */
export async function quoteValidated(
  ctx: LedgerContext,
  request: SpendRequest,
): Promise<LedgerOutcome<QuoteResult>> {
  const priced = priceRecord(await getRateCardCached(ctx.db), "spend", request);
  if (!priced.ok) return priced;
  const outcome = await debitOne<Omit<QuoteResult, "refusal">>(
    ctx,
    request.workspaceId,
    priced.data,
    ctx.clock.now(),
    true,
  );
  if (outcome.ok) return { ...outcome, refusal: null };
  if (!isRefusal(outcome)) return outcome;
  const amount = priced.data.amount;
  return { ok: true, replayed: false, amount, split: null, balanceAfter: null, refusal: outcome };
}

function isRefusal(failure: LedgerFailure): failure is LedgerFailure & { code: RefusalCode } {
  return (REFUSAL_CODES as readonly string[]).includes(failure.code);
}

/** Reserves the worst-case cost of a long generation; settle or release it afterwards. */
export const hold = parsing(holdInput, holdValidated);

/** `hold` for a request already validated by the same rules (the metering API's). */
export async function holdValidated(
  ctx: LedgerContext,
  request: HoldRequest,
): Promise<LedgerOutcome<HoldResult>> {
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + (request.timeoutSeconds ?? env.HOLD_TIMEOUT_SECONDS) * 1000);
  const priced = priceRecord(await getRateCardCached(ctx.db), "hold", request, expiresAt);
  if (!priced.ok) return priced;
  return debitOne<HoldResult>(ctx, request.workspaceId, priced.data, now);
}

/**
 * Charges many finished generations of one workspace in one statement: one transaction and one
 * round trip, the lock taken once. Each record has its own idempotency key and its own result, in
 * the order given; an invalid or refused record does not affect the others.
 */
export async function spendBatch(
  ctx: LedgerContext,
  workspaceId: string,
  inputs: Omit<SpendInput, "workspaceId">[],
): Promise<LedgerOutcome<SpendResult>[]> {
  checkBatchSize(inputs.length);
  const parsed = inputs.map((input) => parse(spendInput, { ...input, workspaceId }));
  return inPlace(parsed, (requests) => spendBatchValidated(ctx, workspaceId, requests));
}

/** `spendBatch` for requests already validated by the same rules (the metering API's). */
export async function spendBatchValidated(
  ctx: LedgerContext,
  workspaceId: string,
  requests: DebitRequest[],
): Promise<LedgerOutcome<SpendResult>[]> {
  checkBatchSize(requests.length);
  const rates = await getRateCardCached(ctx.db);
  const priced = priceRecords(rates, "spend", requests);
  return inPlace(priced, (records) => debitRecords(ctx, workspaceId, records));
}

function checkBatchSize(records: number): void {
  if (records > MAX_BATCH) throw new Error(`at most ${MAX_BATCH} records per batch`);
}

/**
 * Runs `next` on the items that have not failed yet and puts its outcomes back in their places, so
 * every item keeps its own outcome, in order.
 */
async function inPlace<I, T>(
  items: ({ ok: true; data: I } | LedgerFailure)[],
  next: (valid: I[]) => Promise<LedgerOutcome<T>[]>,
): Promise<LedgerOutcome<T>[]> {
  const valid: I[] = [];
  for (const item of items) if (item.ok) valid.push(item.data);
  const answered = valid.length > 0 ? await next(valid) : [];
  if (answered.length !== valid.length) throw new Error("as many outcomes as records expected");
  // Nothing failed before `next` (a batch's usual case): its outcomes are every item's, as they are.
  if (valid.length === items.length) return answered;
  const outcomes = answered.values();
  return items.map((item) => {
    if (!item.ok) return item;
    const outcome = outcomes.next();
    if (outcome.done) throw new Error("fewer outcomes than records");
    return outcome.value;
  });
}
