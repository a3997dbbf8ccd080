import "server-only";
// Money that goes back (issue 18): a refund's or lost dispute's credits taken back, the debt for what
// was already spent, and the hold on a disputed payment's credits. The rules are in
// db/functions/reversals.sql; lib/payments calls these with keys from systemKey().
import { sql } from "drizzle-orm";
import type { Executor } from "@/db";
import {
  disputeCloseInput,
  disputeHoldInput,
  takeBackInput,
  type DisputeCloseInput,
  type DisputeHoldInput,
  type TakeBackInput,
} from "@/lib/validation/ledger";
import { callLedger, parse } from "./call";
import { requestHash } from "./request-hash";
import type {
  DisputeCloseResult,
  DisputeHoldResult,
  LedgerContext,
  LedgerOutcome,
  TakeBackResult,
} from "./types";

const iso = (date: Date) => date.toISOString();
const uuids = (ids: string[]) => `{${ids.join(",")}}`;

/**
 * Takes back `credits` that a payment bought: first from what is left of its lots `lotIds` (never
 * below zero), the rest becoming workspace debt (`taken + owed = credits`). Keyed: the same key and
 * request replay the first result; the key with another request is an idempotency_conflict.
 */
export async function takeBackCredits(
  ctx: LedgerContext,
  input: TakeBackInput,
): Promise<LedgerOutcome<TakeBackResult>> {
  const parsed = parse(takeBackInput, input);
  if (!parsed.ok) return parsed;
  const t = parsed.data;
  // Metadata is not part of the request: a webhook and reconciliation ask the same thing.
  const hash = requestHash("take_back", {
    lotIds: t.lotIds,
    credits: t.credits,
    reason: t.reason,
    reference: t.reference,
  });
  return callLedger<TakeBackResult>(
    ctx,
    sql`cp_take_back(${t.workspaceId}::uuid, ${uuids(t.lotIds)}::uuid[], ${t.credits}::bigint, ${t.reason}::text,
      ${t.reference}::text, ${t.idempotencyKey}::text, ${hash}::text, ${JSON.stringify(t.metadata)}::jsonb,
      ${iso(ctx.clock.now())}::timestamptz)`,
  );
}

/**
 * A dispute opened: what is left of the lots stops being spendable, visibly (`readDebt().disputed`).
 * Keyed by the key and by the dispute (`reference`): holding a dispute twice answers the first
 * hold, and a hold after the dispute closed holds nothing.
 */
export async function holdDisputedCredits(
  ctx: LedgerContext,
  input: DisputeHoldInput,
): Promise<LedgerOutcome<DisputeHoldResult>> {
  const parsed = parse(disputeHoldInput, input);
  if (!parsed.ok) return parsed;
  const d = parsed.data;
  const hash = requestHash("dispute_hold", { lotIds: d.lotIds, reference: d.reference });
  return callLedger<DisputeHoldResult>(
    ctx,
    sql`cp_dispute_hold(${d.workspaceId}::uuid, ${uuids(d.lotIds)}::uuid[], ${d.reference}::text,
      ${d.idempotencyKey}::text, ${hash}::text, ${JSON.stringify(d.metadata)}::jsonb, ${iso(ctx.clock.now())}::timestamptz)`,
  );
}

/**
 * A dispute closed: its held credits are released (won), or `credits` are taken back (lost: the
 * held ones first, then what else is left of the lots, then debt). Keyed by the key and by the
 * dispute: closing twice answers the first close (another outcome or share is a conflict). Works
 * when the hold never happened.
 */
export async function closeDisputedCredits(
  ctx: LedgerContext,
  input: DisputeCloseInput,
): Promise<LedgerOutcome<DisputeCloseResult>> {
  const parsed = parse(disputeCloseInput, input);
  if (!parsed.ok) return parsed;
  const d = parsed.data;
  const credits = d.outcome === "lost" ? d.credits : 0;
  const hash = requestHash("dispute_close", {
    lotIds: d.lotIds,
    reference: d.reference,
    outcome: d.outcome,
    credits,
  });
  return callLedger<DisputeCloseResult>(
    ctx,
    sql`cp_dispute_close(${d.workspaceId}::uuid, ${uuids(d.lotIds)}::uuid[], ${d.reference}::text,
      ${d.outcome}::text, ${credits}::bigint, ${d.idempotencyKey}::text, ${hash}::text,
      ${JSON.stringify(d.metadata)}::jsonb, ${iso(ctx.clock.now())}::timestamptz)`,
  );
}

/** The workspace's debt and its credits held for open disputes (zeros for an unknown workspace). */
export async function readDebt(
  db: Executor,
  workspaceId: string,
): Promise<{ owed: number; disputed: number }> {
  const rows = await db.execute<{ debt: string; disputed: string }>(
    sql`select debt, disputed from credit_accounts where workspace_id = ${workspaceId}::uuid`,
  );
  const row = rows[0];
  return { owed: Number(row?.debt ?? 0), disputed: Number(row?.disputed ?? 0) };
}
