import "server-only";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Rate } from "@/db/schema";
import { priceGeneration } from "@/lib/billing/pricing";
import type { spendInput } from "@/lib/validation/ledger";
import { callLedger, toOutcome, type RawOutcome } from "./call";
import { failure } from "./messages";
import { canonicalJson, generationHash } from "./request-hash";
import { executePrepared } from "@/db/prepared";
import { withRetry } from "@/db/retry";
import { countLedgerErrors, countLedgerOutcomes } from "@/lib/metrics/ledger";
import type { LedgerContext, LedgerFailure, LedgerOutcome, LedgerSuccess, SpendResult } from "./types";

export const MAX_BATCH = 1_000;

/** A spend as spendInput leaves it: validated, defaults applied. */
export type SpendRequest = z.output<typeof spendInput>;
/** What a debit charges for: a validated generation of a member, with its idempotency key. */
export type DebitRequest = Omit<SpendRequest, "workspaceId">;

type DebitKind = "spend" | "hold";

/** One priced debit, as cp_debit takes it and cp_debit_records (cp_debit_batch) takes each of its records. */
export type DebitRecord<K extends DebitKind = DebitKind> = {
  kind: K;
  member: string;
  amount: number;
  isPro: boolean;
  feature: string;
  model: string;
  settings: Record<string, unknown>;
  results: number;
  key: string;
  hash: string;
  /** Holds only: when it is released if nobody settles it. */
  expiresAt: string | null;
  /** The metering API key that asks (null in the app): cp_debit's p_api_key. */
  apiKey: string | null;
};

/**
 * Prices a validated generation from the rate card (outside any lock) and makes it a record, with
 * the request hash that tells a repeat from a conflict; or the pricing failure.
 */
export function priceRecord<K extends DebitKind>(
  rates: readonly Rate[],
  kind: K,
  request: DebitRequest,
  expiresAt: Date | null = null,
): { ok: true; data: DebitRecord<K> } | LedgerFailure {
  const priced = priceOnce(kind, request, priceGeneration(rates, request), canonicalJson(request.settings));
  return toRecord(kind, request, priced, expiresAt);
}

/**
 * priceRecord for each of a batch's requests, pricing and hashing each distinct generation of a
 * member (member, feature, model, settings, results) once: a batch of 1,000 usually names a handful,
 * and the rate card lookup and the request hash per record were the largest parts of the batch's
 * own Node time (docs/PERFORMANCE.md).
 */
export function priceRecords<K extends DebitKind>(
  rates: readonly Rate[],
  kind: K,
  requests: readonly DebitRequest[],
): ({ ok: true; data: DebitRecord<K> } | LedgerFailure)[] {
  const priced = new Map<string, Priced>();
  return requests.map((request) => {
    const settingsJson = canonicalJson(request.settings);
    // Quoted JSON strings, and the settings last, so no two generations share a key.
    const key = `${canonicalJson(request.membershipId)},${canonicalJson(request.feature)},${canonicalJson(request.model)},${request.results},${settingsJson}`;
    let once = priced.get(key);
    if (!once) {
      once = priceOnce(kind, request, priceGeneration(rates, request), settingsJson);
      priced.set(key, once);
    }
    return toRecord(kind, request, once);
  });
}

/** What every record of one generation of a member shares: its price and its request hash. */
type Priced = { cost: ReturnType<typeof priceGeneration>; hash: string };

function priceOnce(
  kind: DebitKind,
  request: DebitRequest,
  cost: ReturnType<typeof priceGeneration>,
  settingsJson: string,
): Priced {
  const { membershipId, feature, model, settings, results } = request;
  // A generation that cannot be priced is refused before it is hashed.
  if (!cost.ok) return { cost, hash: "" };
  return {
    cost,
    hash: generationHash(kind, { membershipId, feature, model, settings, results }, settingsJson),
  };
}

function toRecord<K extends DebitKind>(
  kind: K,
  request: DebitRequest,
  { cost, hash }: Priced,
  expiresAt: Date | null = null,
): { ok: true; data: DebitRecord<K> } | LedgerFailure {
  if (!cost.ok) return failure(cost.code, cost.details);
  return {
    ok: true,
    data: {
      kind,
      member: request.membershipId,
      amount: cost.credits,
      isPro: cost.isPro,
      feature: request.feature,
      model: request.model,
      settings: request.settings,
      results: request.results,
      key: request.idempotencyKey,
      hash,
      expiresAt: expiresAt?.toISOString() ?? null,
      apiKey: request.apiKeyId,
    },
  };
}

/**
 * Debits one priced record on its own: one statement (cp_debit). A dry run (the quote) answers what
 * the debit would do, by the same function, and writes nothing.
 */
export async function debitOne<T>(
  ctx: LedgerContext,
  workspaceId: string,
  r: DebitRecord,
  now: Date = ctx.clock.now(),
  dryRun = false,
): Promise<LedgerOutcome<T>> {
  return callLedger<T>(
    ctx,
    sql`cp_debit(${r.kind}::text, ${workspaceId}::uuid, ${r.member}::uuid, ${r.amount}::bigint,
      ${r.isPro}::boolean, ${r.feature}::text, ${r.model}::text, ${JSON.stringify(r.settings)}::jsonb,
      ${r.results}::integer, ${r.expiresAt}::timestamptz, ${r.key}::text, ${r.hash}::text,
      ${now.toISOString()}::timestamptz, ${r.apiKey}::uuid, ${dryRun}::boolean)`,
    // A quote writes nothing: it counts apart from the spends and holds it answers for.
    dryRun ? "quote" : r.kind,
  );
}

/**
 * Spend records in the lean form cp_debit_records reads (cp_batch_records, db/functions/debit-batch.sql):
 * each distinct generation once, then each record's generation and idempotency key. A batch of 1,000
 * usually names a handful of generations, so the statement is about 41 KB instead of 345 KB, which the
 * driver encodes, the socket carries and PostgreSQL parses (docs/PERFORMANCE.md).
 */
export function leanRecords(records: readonly DebitRecord<"spend">[]): string {
  const generations: Omit<DebitRecord<"spend">, "kind" | "key" | "expiresAt">[] = [];
  const seen = new Map<string, number>();
  const of: number[] = [];
  const keys: string[] = [];
  for (const r of records) {
    // The hash covers the member, feature, model, settings and results; the price and the key are apart.
    const id = `${r.member}\0${r.hash}\0${r.amount}\0${r.isPro}\0${r.apiKey ?? ""}`;
    let at = seen.get(id);
    if (at === undefined) {
      at = generations.length;
      seen.set(id, at);
      generations.push({
        member: r.member,
        amount: r.amount,
        isPro: r.isPro,
        feature: r.feature,
        model: r.model,
        settings: r.settings,
        results: r.results,
        hash: r.hash,
        apiKey: r.apiKey,
      });
    }
    of.push(at);
    keys.push(r.key);
  }
  return JSON.stringify({ generations, of, keys });
}

/**
 * Spends priced records of one workspace in one statement (cp_debit_records): one lock, one commit,
 * each record with its own outcome, in order. Retried after transient failures: every record has
 * its idempotency key, so a retry replays what committed.
 */
export async function debitRecords(
  ctx: LedgerContext,
  workspaceId: string,
  records: DebitRecord<"spend">[],
): Promise<LedgerOutcome<SpendResult>[]> {
  const statement = sql`select cp_debit_records(${workspaceId}::uuid, ${leanRecords(records)}::jsonb,
      ${ctx.clock.now().toISOString()}::timestamptz) as result`;
  let rows;
  try {
    rows = await withRetry(() => executePrepared<{ result: BatchAnswer }>(ctx.db, statement));
  } catch (error) {
    countLedgerErrors("spend", records.length);
    throw error;
  }
  return spendOutcomes(records, rows[0]?.result ?? []);
}

/**
 * cp_debit_records's answer when its set-based path spent every record: columns in record order, not
 * one object a record (db/functions/debit-batch.sql). balanceBefore is the balance before the first
 * record, after what expired.
 */
type SpentColumns = {
  balanceBefore: number;
  entryIds: number[];
  usageEventIds: string[];
  splitFree: number[];
  splitSubscription: number[];
  splitTopUp: number[];
  splitAdjustment: number[];
};

/** What cp_debit_records answers for one workspace: a result a record, or the set-based path's columns. */
type BatchAnswer = RawOutcome[] | SpentColumns;

/**
 * The set-based path's columns as each record's answer, the one cp_debit would have given it alone
 * (cp_batch_answers in SQL makes the same): its amount and member as sent, and the balance after it,
 * which is the balance before less every amount up to and including it.
 */
function spentAnswers(records: DebitRecord<"spend">[], columns: SpentColumns): LedgerSuccess<SpendResult>[] {
  const columnsOf = [
    columns.entryIds,
    columns.usageEventIds,
    columns.splitFree,
    columns.splitSubscription,
    columns.splitTopUp,
    columns.splitAdjustment,
  ];
  if (columnsOf.some((column) => column.length !== records.length)) {
    throw new Error(`the ledger answered columns that do not have ${records.length} records`);
  }
  let balance = columns.balanceBefore;
  // Every column has a value at each record's index (checked above).
  return records.map((record, i) => {
    balance -= record.amount;
    return {
      ok: true,
      replayed: false,
      usageEventId: columns.usageEventIds[i] as string,
      entryId: columns.entryIds[i] as number,
      amount: record.amount,
      split: {
        free: columns.splitFree[i] as number,
        subscription: columns.splitSubscription[i] as number,
        topUp: columns.splitTopUp[i] as number,
        adjustment: columns.splitAdjustment[i] as number,
      },
      balanceAfter: balance,
      membershipId: record.member,
    };
  });
}

/**
 * One workspace's answer (cp_debit_records's, or cp_debit_batch's or cp_debit's in an array of one, from a
 * group) as its records' outcomes.
 */
function spendOutcomes(records: DebitRecord<"spend">[], answer: BatchAnswer): LedgerOutcome<SpendResult>[] {
  if (!Array.isArray(answer)) {
    // The set-based path: every record spent, and its answer made here already as the outcome.
    const spent = spentAnswers(records, answer);
    countLedgerOutcomes("spend", spent);
    return spent;
  }
  const answers = answer;
  // A workspace that does not exist is one answer for the whole batch.
  if (answers.length === 1 && answers[0]?.code === "workspace_not_found") {
    countLedgerOutcomes(
      "spend",
      records.map(() => ({ ok: false, code: "workspace_not_found" })),
    );
    return records.map(() => failure("workspace_not_found"));
  }
  if (answers.length !== records.length) {
    throw new Error(`the ledger answered ${answers.length} results for ${records.length} records`);
  }
  countLedgerOutcomes("spend", answers);
  return answers.map((raw) => toOutcome<SpendResult>(raw));
}

/** The spends of one workspace in a cross-workspace group. */
export type WorkspaceSpends = { workspaceId: string; records: DebitRecord<"spend">[] };

/**
 * Spends the priced records of several workspaces (each at most once) in one statement and one
 * commit (cp_debit_group, db/functions/debit-group.sql): each workspace's records under the rules
 * they would meet alone, its outcomes in order. Retried after transient failures (the idempotency
 * keys make that safe); any other error fails the whole group, and nothing of it was written.
 */
export async function debitGroup(
  ctx: LedgerContext,
  groups: WorkspaceSpends[],
): Promise<LedgerOutcome<SpendResult>[][]> {
  const payload = groups.map((g) => ({ workspace: g.workspaceId, records: g.records }));
  const statement = sql`select cp_debit_group(${JSON.stringify(payload)}::jsonb,
      ${ctx.clock.now().toISOString()}::timestamptz) as result`;
  // Not counted as errors here: the caller sends each workspace alone after a failure, and those count.
  const rows = await withRetry(() => executePrepared<{ result: BatchAnswer[] }>(ctx.db, statement));
  const answers = rows[0]?.result ?? [];
  if (answers.length !== groups.length) {
    throw new Error(`cp_debit_group answered ${answers.length} workspaces for ${groups.length}`);
  }
  return groups.map((g, i) => spendOutcomes(g.records, answers[i] ?? []));
}
