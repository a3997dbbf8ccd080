import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { getRateCardCached } from "@/db/queries/rate-card";
import { env } from "@/lib/env";
import { priceGeneration } from "@/lib/billing/pricing";
import {
  grantInput,
  holdInput,
  refundInput,
  releaseInput,
  settleInput,
  spendInput,
  type GrantInput,
  type HoldInput,
  type RefundInput,
  type ReleaseInput,
  type SettleInput,
  type SpendInput,
} from "@/lib/validation/ledger";
import { batchRecord } from "./batch";
import { coalesceSpend } from "./coalesce";
import { failure } from "./messages";
import { requestHash } from "./request-hash";
import { withRetry } from "@/db/retry";
import type {
  ExpireResult,
  GrantResult,
  HoldResult,
  LedgerContext,
  LedgerFailure,
  LedgerFailureCode,
  LedgerOutcome,
  RefundResult,
  ReleaseResult,
  SettleResult,
  SpendResult,
} from "./types";

type RawOutcome = { ok: boolean; code?: LedgerFailureCode; details?: Record<string, unknown> } & Record<
  string,
  unknown
>;

/**
 * Runs one ledger function: a single statement, so a single transaction and round trip (retried
 * after transient failures; the idempotency key makes that safe).
 */
async function call<T>(ctx: LedgerContext, statement: SQL): Promise<LedgerOutcome<T>> {
  const rows = await withRetry(() =>
    ctx.db.execute<{ result: RawOutcome }>(sql`select ${statement} as result`),
  );
  const raw = rows[0]?.result;
  if (!raw) throw new Error("ledger function returned no result");
  if (!raw.ok) return failure(raw.code ?? "invalid_input", raw.details ?? {});
  return raw as unknown as LedgerOutcome<T>;
}

function parse<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.output<S> } | LedgerFailure {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  return failure("invalid_input", {
    issues: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
  });
}

const iso = (date: Date) => date.toISOString();
const json = (value: unknown) => JSON.stringify(value);

/** Grants a lot of credits (free, subscription, top-up or adjustment). */
export async function grant(ctx: LedgerContext, input: GrantInput): Promise<LedgerOutcome<GrantResult>> {
  const parsed = parse(grantInput, input);
  if (!parsed.ok) return parsed;
  const g = parsed.data;
  const hash = requestHash("grant", { ...g, expiresAt: g.expiresAt ? iso(g.expiresAt) : null });
  return call<GrantResult>(
    ctx,
    sql`cp_grant(${g.workspaceId}::uuid, ${g.type}::lot_type, ${g.code}::entry_code, ${g.amount}::bigint,
      ${g.expiresAt ? iso(g.expiresAt) : null}::timestamptz, ${g.membershipId}::uuid, ${g.reference}::text,
      ${g.idempotencyKey}::text, ${hash}::text, ${json(g.metadata)}::jsonb, ${iso(ctx.clock.now())}::timestamptz)`,
  );
}

async function price(ctx: LedgerContext, request: z.output<typeof spendInput>) {
  const rates = await getRateCardCached(ctx.db);
  return priceGeneration(rates, request);
}

function generationHash(operation: string, s: z.output<typeof spendInput>) {
  return requestHash(operation, {
    membershipId: s.membershipId,
    feature: s.feature,
    model: s.model,
    settings: s.settings,
    results: s.results,
  });
}

/**
 * Charges a finished generation: priced from the rate card (outside any lock), then drawn from
 * free, subscription and top-up credits in that order, soonest expiry first.
 */
export async function spend(ctx: LedgerContext, input: SpendInput): Promise<LedgerOutcome<SpendResult>> {
  const parsed = parse(spendInput, input);
  if (!parsed.ok) return parsed;
  const s = parsed.data;
  const cost = await price(ctx, s);
  if (!cost.ok) return failure(cost.code, cost.details);
  const record = batchRecord(s, cost);
  // Alone when the workspace is idle; batched with its other waiting spends when it is busy.
  return coalesceSpend(ctx, s.workspaceId, record, () =>
    call<SpendResult>(
      ctx,
      sql`cp_debit('spend', ${s.workspaceId}::uuid, ${s.membershipId}::uuid, ${cost.credits}::bigint,
          ${cost.isPro}::boolean, ${s.feature}::text, ${s.model}::text, ${json(s.settings)}::jsonb,
          ${s.results}::integer, null::timestamptz, ${s.idempotencyKey}::text, ${record.hash}::text,
          ${iso(ctx.clock.now())}::timestamptz)`,
    ),
  );
}

/** Reserves the worst-case cost of a long generation; settle or release it afterwards. */
export async function hold(ctx: LedgerContext, input: HoldInput): Promise<LedgerOutcome<HoldResult>> {
  const parsed = parse(holdInput, input);
  if (!parsed.ok) return parsed;
  const h = parsed.data;
  const cost = await price(ctx, h);
  if (!cost.ok) return failure(cost.code, cost.details);
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + (h.timeoutSeconds ?? env.HOLD_TIMEOUT_SECONDS) * 1000);
  return call<HoldResult>(
    ctx,
    sql`cp_debit('hold', ${h.workspaceId}::uuid, ${h.membershipId}::uuid, ${cost.credits}::bigint,
      ${cost.isPro}::boolean, ${h.feature}::text, ${h.model}::text, ${json(h.settings)}::jsonb,
      ${h.results}::integer, ${iso(expiresAt)}::timestamptz, ${h.idempotencyKey}::text,
      ${generationHash("hold", h)}::text, ${iso(now)}::timestamptz)`,
  );
}

/**
 * Charges the actual cost of a held generation (at most what was held) and frees the rest.
 * Without settings/results the held ones are used. Settling twice returns the first result.
 */
export async function settle(ctx: LedgerContext, input: SettleInput): Promise<LedgerOutcome<SettleResult>> {
  const parsed = parse(settleInput, input);
  if (!parsed.ok) return parsed;
  const s = parsed.data;
  const rows = await ctx.db.execute<{
    feature: string;
    model: string;
    settings: Record<string, string>;
    results: number;
  }>(
    sql`select feature, model, settings, results from holds where id = ${s.holdId}::uuid and workspace_id = ${s.workspaceId}::uuid`,
  );
  const held = rows[0];
  if (!held) return failure("hold_not_found");
  const settings = s.settings ?? held.settings;
  const results = s.results ?? held.results;
  const rates = await getRateCardCached(ctx.db);
  const cost = priceGeneration(rates, { feature: held.feature, model: held.model, settings, results });
  if (!cost.ok) return failure(cost.code, cost.details);
  const hash = requestHash("settle", { holdId: s.holdId, settings, results });
  return call<SettleResult>(
    ctx,
    sql`cp_settle(${s.workspaceId}::uuid, ${s.holdId}::uuid, ${cost.credits}::bigint, ${json(settings)}::jsonb,
      ${results}::integer, ${hash}::text, ${iso(ctx.clock.now())}::timestamptz)`,
  );
}

/** Frees a hold in full. Releasing twice returns the first result. */
export async function release(
  ctx: LedgerContext,
  input: ReleaseInput,
): Promise<LedgerOutcome<ReleaseResult>> {
  const parsed = parse(releaseInput, input);
  if (!parsed.ok) return parsed;
  return call<ReleaseResult>(
    ctx,
    sql`cp_release(${parsed.data.workspaceId}::uuid, ${parsed.data.holdId}::uuid, 'released'::hold_status,
      ${iso(ctx.clock.now())}::timestamptz)`,
  );
}

/** Releases every hold whose timeout has passed (the scheduler runs this), optionally for one workspace. */
export async function releaseTimedOutHolds(
  ctx: LedgerContext,
  options: { workspaceId?: string } = {},
): Promise<{ released: number }> {
  const now = iso(ctx.clock.now());
  const scope = options.workspaceId ? sql`and workspace_id = ${options.workspaceId}::uuid` : sql``;
  const due = await ctx.db.execute<{ id: string; workspace_id: string }>(
    sql`select id, workspace_id from holds
         where status = 'active' and expires_at <= ${now}::timestamptz ${scope} order by expires_at`,
  );
  let released = 0;
  for (const row of due) {
    const outcome = await call<ReleaseResult>(
      ctx,
      sql`cp_release(${row.workspace_id}::uuid, ${row.id}::uuid, 'expired'::hold_status, ${now}::timestamptz)`,
    );
    if (outcome.ok && !outcome.replayed) released += 1;
  }
  return { released };
}

/** Refunds all or part of a spend with a reversing entry. */
export async function refund(ctx: LedgerContext, input: RefundInput): Promise<LedgerOutcome<RefundResult>> {
  const parsed = parse(refundInput, input);
  if (!parsed.ok) return parsed;
  const r = parsed.data;
  const hash = requestHash("refund", { entryId: r.entryId, amount: r.amount ?? null, reason: r.reason });
  return call<RefundResult>(
    ctx,
    sql`cp_refund(${r.workspaceId}::uuid, ${r.entryId}::bigint, ${r.amount ?? null}::bigint, ${r.reason}::text,
      ${r.idempotencyKey}::text, ${hash}::text, ${iso(ctx.clock.now())}::timestamptz)`,
  );
}

/** Expires the due lots of one workspace. */
export async function expire(ctx: LedgerContext, workspaceId: string): Promise<LedgerOutcome<ExpireResult>> {
  return call<ExpireResult>(ctx, sql`cp_expire(${workspaceId}::uuid, ${iso(ctx.clock.now())}::timestamptz)`);
}

/** Expires the due lots of every workspace that has any (the scheduler runs this). */
export async function expireAllDue(ctx: LedgerContext): Promise<{ workspaces: number; expired: number }> {
  const now = iso(ctx.clock.now());
  const due = await ctx.db.execute<{ workspace_id: string }>(
    sql`select distinct workspace_id from credit_lots where is_open and expires_at <= ${now}::timestamptz`,
  );
  let expired = 0;
  for (const row of due) {
    const outcome = await expire(ctx, row.workspace_id);
    if (outcome.ok) expired += outcome.expired;
  }
  return { workspaces: due.length, expired };
}
