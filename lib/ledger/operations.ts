import "server-only";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { getRateCardCached } from "@/db/queries/rate-card";
import { priceGeneration } from "@/lib/billing/pricing";
import {
  grantInput,
  refundInput,
  releaseInput,
  settleInput,
  type GrantInput,
  type RefundInput,
  type ReleaseInput,
} from "@/lib/validation/ledger";
import { failure } from "./messages";
import { callLedger, parse, parsing } from "./call";
import { requestHash } from "./request-hash";
import type {
  ExpireResult,
  GrantResult,
  LedgerContext,
  LedgerOutcome,
  RefundResult,
  ReleaseResult,
  SettleResult,
} from "./types";

/** A settle as settleInput leaves it: validated, defaults applied. */
type SettleRequest = z.output<typeof settleInput>;

const iso = (date: Date) => date.toISOString();
const json = (value: unknown) => JSON.stringify(value);

/** Grants a lot of credits (free, subscription, top-up or adjustment). */
export async function grant(ctx: LedgerContext, input: GrantInput): Promise<LedgerOutcome<GrantResult>> {
  const parsed = parse(grantInput, input);
  if (!parsed.ok) return parsed;
  const g = parsed.data;
  const hash = requestHash("grant", { ...g, expiresAt: g.expiresAt ? iso(g.expiresAt) : null });
  return callLedger<GrantResult>(
    ctx,
    sql`cp_grant(${g.workspaceId}::uuid, ${g.type}::lot_type, ${g.code}::entry_code, ${g.amount}::bigint,
      ${g.expiresAt ? iso(g.expiresAt) : null}::timestamptz, ${g.membershipId}::uuid, ${g.reference}::text,
      ${g.idempotencyKey}::text, ${hash}::text, ${json(g.metadata)}::jsonb, ${iso(ctx.clock.now())}::timestamptz)`,
  );
}

/**
 * Charges the actual cost of a held generation (at most what was held) and frees the rest.
 * Without settings/results the held ones are used. Settling twice returns the first result.
 */
export const settle = parsing(settleInput, settleValidated);

/** `settle` for a request already validated by the same rules (the metering API's). */
export async function settleValidated(
  ctx: LedgerContext,
  s: SettleRequest,
): Promise<LedgerOutcome<SettleResult>> {
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
  return callLedger<SettleResult>(
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
  return callLedger<ReleaseResult>(
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
    const outcome = await callLedger<ReleaseResult>(
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
  return callLedger<RefundResult>(
    ctx,
    sql`cp_refund(${r.workspaceId}::uuid, ${r.entryId}::bigint, ${r.amount ?? null}::bigint, ${r.reason}::text,
      ${r.idempotencyKey}::text, ${hash}::text, ${iso(ctx.clock.now())}::timestamptz)`,
  );
}

/** Expires the due lots of one workspace. */
export async function expire(ctx: LedgerContext, workspaceId: string): Promise<LedgerOutcome<ExpireResult>> {
  return callLedger<ExpireResult>(
    ctx,
    sql`cp_expire(${workspaceId}::uuid, ${iso(ctx.clock.now())}::timestamptz)`,
  );
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
