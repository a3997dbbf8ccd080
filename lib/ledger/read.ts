import "server-only";
import { and, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db";
import { ledgerEntries, memberships, users, type EntryCode, type LotType } from "@/db/schema";
import type { LedgerContext, Split } from "./types";

export type BalanceByType = Record<LotType, { amount: number; nextExpiry: string | null }>;

export type Balance = {
  /** Credits that can be spent now (held credits are not included). */
  total: number;
  byType: BalanceByType;
  held: number;
  lifetimeAdded: number;
  lifetimeSpent: number;
  lifetimeExpired: number;
};

/**
 * The balance as of the clock's now. Lots whose expiry has passed are left out even if the
 * expiry job has not run yet, so a late job never shows credits that are already gone.
 */
export async function getBalance(ctx: LedgerContext, workspaceId: string): Promise<Balance | null> {
  const now = ctx.clock.now().toISOString();
  const rows = await ctx.db.execute<{
    held: string;
    lifetime_added: string;
    lifetime_spent: string;
    lifetime_expired: string;
    lots:
      | { type: LotType; amount: string | number; expiring: string | number; next_expiry: string | null }[]
      | null;
  }>(sql`
    select a.held, a.lifetime_added, a.lifetime_spent, a.lifetime_expired,
      (select json_agg(t) from (
         select l.type,
                sum(l.amount_remaining) filter (where l.expires_at is null or l.expires_at > ${now}::timestamptz) as amount,
                coalesce(sum(l.amount_remaining) filter (where l.expires_at <= ${now}::timestamptz), 0) as expiring,
                min(l.expires_at) filter (where l.expires_at > ${now}::timestamptz) as next_expiry
           from credit_lots l
          where l.workspace_id = a.workspace_id and l.is_open
          group by l.type) t) as lots
      from credit_accounts a where a.workspace_id = ${workspaceId}::uuid`);
  const row = rows[0];
  if (!row) return null;
  const byType: BalanceByType = {
    free: { amount: 0, nextExpiry: null },
    subscription: { amount: 0, nextExpiry: null },
    top_up: { amount: 0, nextExpiry: null },
    adjustment: { amount: 0, nextExpiry: null },
  };
  let dueNotYetExpired = 0;
  for (const lot of row.lots ?? []) {
    byType[lot.type] = {
      amount: Number(lot.amount ?? 0),
      nextExpiry: lot.next_expiry ? new Date(lot.next_expiry).toISOString() : null,
    };
    dueNotYetExpired += Number(lot.expiring);
  }
  return {
    total: Object.values(byType).reduce((sum, t) => sum + t.amount, 0),
    byType,
    held: Number(row.held),
    lifetimeAdded: Number(row.lifetime_added),
    lifetimeSpent: Number(row.lifetime_spent),
    lifetimeExpired: Number(row.lifetime_expired) + dueNotYetExpired,
  };
}

export type MemberAllowance = {
  membershipId: string;
  /** What the ledger checks: the monthly limit plus this month's extra allowance. Null: Unlimited. */
  limit: number | null;
  /** Credits approved on top of the monthly limit for this month only (0 when none). */
  extra: number;
  /** Everything the member used this month (spent and held, less refunds). */
  used: number;
  /**
   * Of `used`, what was used before a limit that "starts from now" was set this month: it does not count
   * against the limit (0 otherwise). `used - notCounted` is what the ledger checks against `limit`.
   */
  notCounted: number;
  /** The limit less the usage that counts against it; null for Unlimited. */
  remaining: number | null;
  periodStart: string;
  resetsAt: string;
};

/** A member's monthly allowance, with the month counted in the workspace's time zone. */
export async function getMemberAllowance(
  ctx: LedgerContext,
  workspaceId: string,
  membershipId: string,
): Promise<MemberAllowance | null> {
  const now = ctx.clock.now().toISOString();
  const rows = await ctx.db.execute<{
    limit: string | null;
    extra: string;
    used: string;
    counted: string;
    period: string;
    resets_at: string;
  }>(sql`
    with p as (
      select m.id, m.monthly_limit, m.limit_offset, m.limit_offset_period, w.time_zone,
             date_trunc('month', ${now}::timestamptz at time zone w.time_zone)::date as period
        from memberships m join workspaces w on w.id = m.workspace_id
       where m.id = ${membershipId}::uuid and m.workspace_id = ${workspaceId}::uuid)
    select cp_limit_with_extra(p.monthly_limit, ${workspaceId}::uuid, p.id, p.period) as limit,
           coalesce((select x.extra from member_limit_extras x
                      where x.membership_id = p.id and x.period_start = p.period
                        and x.workspace_id = ${workspaceId}::uuid), 0) as extra,
           coalesce(u.used, 0) as used,
           cp_counted_usage(coalesce(u.used, 0), p.limit_offset, p.limit_offset_period, p.period) as counted,
           p.period::text as period,
           ((p.period + interval '1 month')::timestamp at time zone p.time_zone) as resets_at
      from p left join member_usage u on u.membership_id = ${membershipId}::uuid and u.period_start = p.period
                                     and u.workspace_id = ${workspaceId}::uuid`);
  const row = rows[0];
  if (!row) return null;
  const limit = row.limit === null ? null : Number(row.limit);
  const used = Number(row.used);
  const counted = Number(row.counted);
  return {
    membershipId,
    limit,
    extra: limit === null ? 0 : Number(row.extra),
    used,
    notCounted: used - counted,
    remaining: limit === null ? null : Math.max(limit - counted, 0),
    periodStart: row.period,
    resetsAt: new Date(row.resets_at).toISOString(),
  };
}

export type Transaction = {
  id: number;
  code: EntryCode;
  amount: number;
  balanceAfter: number;
  /** What the entry changed the workspace's debt by: + for a take-back short of credits, − for a repayment. */
  owed: number;
  split: Split;
  createdAt: string;
  member: { id: string; name: string; email: string } | null;
  feature: string | null;
  model: string | null;
  reference: string | null;
  holdId: string | null;
  refundOfEntryId: number | null;
};

export type TransactionPage = { items: Transaction[]; nextCursor: number | null };

export type TransactionFilter = {
  codes?: EntryCode[];
  membershipId?: string;
  from?: Date;
  to?: Date;
};

/**
 * Entries newest first, a page at a time. Keyset pagination on the entry id (pass the previous
 * page's nextCursor), so a page costs the same on the millionth entry as on the first.
 */
export async function listTransactions(
  db: Database,
  workspaceId: string,
  options: { limit?: number; cursor?: number | null; filter?: TransactionFilter } = {},
): Promise<TransactionPage> {
  const limit = Math.min(Math.max(options.limit ?? 25, 1), 200);
  const filter = options.filter ?? {};
  const conditions: SQL[] = [eq(ledgerEntries.workspaceId, workspaceId)];
  if (options.cursor) conditions.push(lt(ledgerEntries.id, options.cursor));
  if (filter.codes?.length) conditions.push(inArray(ledgerEntries.code, filter.codes));
  if (filter.membershipId) conditions.push(eq(ledgerEntries.membershipId, filter.membershipId));
  if (filter.from)
    conditions.push(sql`${ledgerEntries.createdAt} >= ${filter.from.toISOString()}::timestamptz`);
  if (filter.to) conditions.push(sql`${ledgerEntries.createdAt} < ${filter.to.toISOString()}::timestamptz`);

  const rows = await db
    .select({
      entry: ledgerEntries,
      memberId: memberships.id,
      memberName: users.name,
      memberEmail: users.email,
    })
    .from(ledgerEntries)
    .leftJoin(memberships, eq(memberships.id, ledgerEntries.membershipId))
    .leftJoin(users, eq(users.id, memberships.userId))
    .where(and(...conditions))
    .orderBy(desc(ledgerEntries.id))
    .limit(limit + 1);

  const items = rows.slice(0, limit).map(({ entry, memberId, memberName, memberEmail }): Transaction => {
    const metadata = (entry.metadata ?? {}) as Record<string, unknown>;
    return {
      id: entry.id,
      code: entry.code,
      amount: entry.amount,
      balanceAfter: entry.balanceAfter,
      owed: entry.owed,
      split: {
        free: entry.splitFree,
        subscription: entry.splitSubscription,
        topUp: entry.splitTopUp,
        adjustment: entry.splitAdjustment,
      },
      createdAt: entry.createdAt.toISOString(),
      member: memberId ? { id: memberId, name: memberName ?? "", email: memberEmail ?? "" } : null,
      feature: typeof metadata.feature === "string" ? metadata.feature : null,
      model: typeof metadata.model === "string" ? metadata.model : null,
      reference: entry.reference,
      holdId: entry.holdId,
      refundOfEntryId: entry.refundOfEntryId,
    };
  });
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? last.id : null };
}
