// The ledger's invariants, checked in SQL across every workspace (or one). `npm run ledger:verify`
// prints what this returns and exits non-zero when anything is wrong.
import { sql, type SQL } from "drizzle-orm";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";

export type Violation = { check: string; workspace: string; detail: string };

type Check = { name: string; description: string; query: (scope: SQL) => SQL };

const GRANT_CODES = sql.raw(`('grant_free','grant_subscription','top_up','auto_top_up','adjustment')`);

/**
 * Workspaces whose account balance is not the sum of `column` over their rows of `table`, reported
 * as "balance B, <what> S". The entries and the lots each carry the balance again, in their own way.
 */
function balanceEqualsSum(what: string, table: string, column: string): Check["query"] {
  return (scope) => sql`
      select a.workspace_id, format('balance %s, ${sql.raw(what)} %s', a.balance, coalesce(t.total, 0)) as detail
        from credit_accounts a
        left join (select workspace_id, sum(${sql.raw(column)}) as total from ${sql.raw(table)} group by workspace_id) t
          on t.workspace_id = a.workspace_id
       where ${scope} and a.balance <> coalesce(t.total, 0)`;
}

export const CHECKS: Check[] = [
  {
    name: "balance_equals_entries",
    description: "the account balance is the sum of its entries",
    query: balanceEqualsSum("entries add up to", "ledger_entries", "amount"),
  },
  {
    name: "balance_equals_lots",
    description: "the account balance is the sum of its lots' remaining credits",
    query: balanceEqualsSum("lots hold", "credit_lots", "amount_remaining"),
  },
  {
    name: "lot_within_grant",
    description: "no lot is negative or above its grant",
    query: (scope) => sql`
      select a.workspace_id, format('lot %s: remaining %s of %s granted', l.id, l.amount_remaining, l.amount_granted) as detail
        from credit_lots l join credit_accounts a on a.workspace_id = l.workspace_id
       where ${scope} and (l.amount_remaining < 0 or l.amount_remaining > l.amount_granted)`,
  },
  {
    name: "lot_equals_allocations",
    description: "each lot's remaining credits are the sum of the entries' allocations to it",
    query: (scope) => sql`
      select a.workspace_id, format('lot %s: remaining %s, allocations add up to %s', l.id, l.amount_remaining, coalesce(s.total, 0)) as detail
        from credit_lots l join credit_accounts a on a.workspace_id = l.workspace_id
        left join (select lot_id, sum(amount) as total from ledger_allocations group by lot_id) s on s.lot_id = l.id
       where ${scope} and l.amount_remaining <> coalesce(s.total, 0)`,
  },
  {
    name: "lot_expired_equals_entries",
    description: "what a lot has expired matches its expire entries",
    query: (scope) => sql`
      select a.workspace_id, format('lot %s: expired %s, expire entries %s', l.id, l.amount_expired, coalesce(s.total, 0)) as detail
        from credit_lots l join credit_accounts a on a.workspace_id = l.workspace_id
        left join (select al.lot_id, -sum(al.amount) as total from ledger_allocations al
                     join ledger_entries e on e.id = al.entry_id where e.code = 'expire' group by al.lot_id) s
          on s.lot_id = l.id
       where ${scope} and l.amount_expired <> coalesce(s.total, 0)`,
  },
  {
    name: "lifetime_figures",
    description: "lifetime added, spent and expired match the entries",
    query: (scope) => sql`
      select a.workspace_id,
             format('added %s vs %s, spent %s vs %s, expired %s vs %s', a.lifetime_added, e.added,
                    a.lifetime_spent, e.spent, a.lifetime_expired, e.expired) as detail
        from credit_accounts a
        cross join lateral (
          select coalesce(sum(amount) filter (where code in ${GRANT_CODES} and amount > 0), 0) as added,
                 coalesce(-sum(amount) filter (where code in ('spend','refund')), 0) as spent,
                 coalesce(-sum(amount) filter (where code = 'expire'), 0) as expired
            from ledger_entries where workspace_id = a.workspace_id) e
       where ${scope} and (a.lifetime_added <> e.added or a.lifetime_spent <> e.spent or a.lifetime_expired <> e.expired)`,
  },
  {
    name: "held_equals_active_holds",
    description: "held credits are the sum of the active holds",
    query: (scope) => sql`
      select a.workspace_id, format('held %s, active holds %s', a.held, coalesce(h.total, 0)) as detail
        from credit_accounts a
        left join (select workspace_id, sum(amount) as total from holds where status = 'active' group by workspace_id) h
          on h.workspace_id = a.workspace_id
       where ${scope} and a.held <> coalesce(h.total, 0)`,
  },
  {
    name: "entry_split_matches_allocations",
    description: "every entry's split across lot types matches its allocations",
    query: (scope) => sql`
      select a.workspace_id, format('entry %s (%s): amount %s, split %s/%s/%s/%s, allocations %s/%s/%s/%s', e.id, e.code,
             e.amount, e.split_free, e.split_subscription, e.split_top_up, e.split_adjustment,
             coalesce(s.free, 0), coalesce(s.sub, 0), coalesce(s.top, 0), coalesce(s.adj, 0)) as detail
        from ledger_entries e join credit_accounts a on a.workspace_id = e.workspace_id
        left join (select entry_id,
                          sum(amount) filter (where lot_type = 'free') as free,
                          sum(amount) filter (where lot_type = 'subscription') as sub,
                          sum(amount) filter (where lot_type = 'top_up') as top,
                          sum(amount) filter (where lot_type = 'adjustment') as adj
                     from ledger_allocations group by entry_id) s on s.entry_id = e.id
       where ${scope} and (e.split_free <> coalesce(s.free, 0) or e.split_subscription <> coalesce(s.sub, 0)
          or e.split_top_up <> coalesce(s.top, 0) or e.split_adjustment <> coalesce(s.adj, 0)
          or e.split_free + e.split_subscription + e.split_top_up + e.split_adjustment <> e.amount)`,
  },
  {
    name: "running_balance",
    description: "each entry's balance after is the running sum of the entries up to it",
    query: (scope) => sql`
      select r.workspace_id, format('entry %s: balance after %s, running sum %s', r.id, r.balance_after, r.running) as detail
        from (select e.workspace_id, e.id, e.balance_after,
                     sum(e.amount) over (partition by e.workspace_id order by e.id) as running
                from ledger_entries e) r
        join credit_accounts a on a.workspace_id = r.workspace_id
       where ${scope} and r.balance_after <> r.running`,
  },
  {
    name: "member_usage_matches_entries",
    description: "each member's monthly usage matches their spends, holds, releases and refunds",
    query: (scope) => sql`
      select a.workspace_id, format('member %s, month %s: usage %s, entries %s', coalesce(u.membership_id, e.membership_id),
             coalesce(u.period_start, e.usage_period), coalesce(u.used, 0), coalesce(e.total, 0)) as detail
        from member_usage u
        full join (select workspace_id, membership_id, usage_period, -sum(amount) as total from ledger_entries
                    where code in ('spend','hold','release','refund') and membership_id is not null
                    group by workspace_id, membership_id, usage_period) e
          on e.membership_id = u.membership_id and e.usage_period = u.period_start
        join credit_accounts a on a.workspace_id = coalesce(u.workspace_id, e.workspace_id)
       where ${scope} and coalesce(u.used, 0) <> coalesce(e.total, 0)`,
  },
  {
    name: "api_key_usage_matches_usage",
    description: "each API key's monthly usage matches its usage events (less refunds) and active holds",
    query: (scope) => sql`
      select a.workspace_id, format('api key %s, month %s: usage %s, events and holds %s', coalesce(u.api_key_id, k.api_key_id),
             coalesce(u.period_start, k.period), coalesce(u.used, 0), coalesce(k.total, 0)) as detail
        from api_key_usage u
        full join (select workspace_id, api_key_id, period, sum(credits) as total
                     from (select ue.workspace_id, ue.api_key_id, e.usage_period as period,
                                  ue.credits - ue.credits_refunded as credits
                             from usage_events ue join ledger_entries e on e.id = ue.ledger_entry_id
                            where ue.api_key_id is not null
                           union all
                           select h.workspace_id, h.api_key_id, h.usage_period, h.amount
                             from holds h where h.status = 'active' and h.api_key_id is not null) t
                    group by workspace_id, api_key_id, period) k
          on k.api_key_id = u.api_key_id and k.period = u.period_start
        join credit_accounts a on a.workspace_id = coalesce(u.workspace_id, k.workspace_id)
       where ${scope} and coalesce(u.used, 0) <> coalesce(k.total, 0)`,
  },
  {
    name: "usage_events_match_spends",
    description: "each usage event charged what its spend entry took, less its refunds",
    query: (scope) => sql`
      select a.workspace_id, format('usage event %s: credits %s (refunded %s), entry %s took %s, refunds %s', ue.id,
             ue.credits, ue.credits_refunded, e.id, -e.amount, coalesce(r.total, 0)) as detail
        from usage_events ue join ledger_entries e on e.id = ue.ledger_entry_id
        join credit_accounts a on a.workspace_id = ue.workspace_id
        left join (select refund_of_entry_id, sum(amount) as total from ledger_entries
                    where code = 'refund' group by refund_of_entry_id) r on r.refund_of_entry_id = e.id
       where ${scope} and (e.code <> 'spend' or ue.credits <> -e.amount or ue.credits_refunded <> coalesce(r.total, 0))`,
  },
  // Money that goes back (db/functions/reversals.sql): the debt, the dispute holds and take-backs.
  {
    name: "debt_equals_entries",
    description: "the workspace's debt is the sum of its entries' owed, and never went below zero",
    query: (scope) => sql`
      select a.workspace_id, format('debt %s, entries owe %s, lowest running debt %s', a.debt,
             coalesce(d.total, 0), coalesce(d.lowest, 0)) as detail
        from credit_accounts a
        left join (select workspace_id, sum(owed) as total, min(running) as lowest
                     from (select workspace_id, owed, sum(owed) over (partition by workspace_id order by id) as running
                             from ledger_entries) r
                    group by workspace_id) d on d.workspace_id = a.workspace_id
       where ${scope} and (a.debt <> coalesce(d.total, 0) or coalesce(d.lowest, 0) < 0)`,
  },
  {
    name: "disputed_equals_lots",
    description: "credits held for disputes are the sum of the lots' disputed credits",
    query: (scope) => sql`
      select a.workspace_id, format('disputed %s, lots hold %s for disputes', a.disputed, coalesce(l.total, 0)) as detail
        from credit_accounts a
        left join (select workspace_id, sum(amount_disputed) as total from credit_lots group by workspace_id) l
          on l.workspace_id = a.workspace_id
       where ${scope} and a.disputed <> coalesce(l.total, 0)`,
  },
  {
    name: "lot_disputed_equals_entries",
    description:
      "what a lot holds for disputes is what dispute holds moved out of it less what releases gave back",
    query: (scope) => sql`
      select a.workspace_id, format('lot %s: disputed %s, dispute entries %s', l.id, l.amount_disputed, coalesce(s.total, 0)) as detail
        from credit_lots l join credit_accounts a on a.workspace_id = l.workspace_id
        left join (select al.lot_id, -sum(al.amount) as total from ledger_allocations al
                     join ledger_entries e on e.id = al.entry_id
                    where e.code in ('dispute_hold', 'dispute_release') group by al.lot_id) s on s.lot_id = l.id
       where ${scope} and l.amount_disputed <> coalesce(s.total, 0)`,
  },
  {
    name: "take_back_accounted",
    description: "every credit a refund or lost dispute took back is taken from a lot or owed",
    query: (scope) => sql`
      select a.workspace_id, format('entry %s (%s): %s credits, took %s and owes %s (result says %s taken, %s owed)',
             e.id, e.reference, e.result->>'credits', -e.amount, e.owed, e.result->>'taken', e.result->>'owed') as detail
        from ledger_entries e join credit_accounts a on a.workspace_id = e.workspace_id
       where ${scope} and e.code = 'purchase_refund'
         and ((e.result->>'credits')::bigint is distinct from -e.amount + e.owed
              or (e.result->>'taken')::bigint is distinct from -e.amount
              or (e.result->>'owed')::bigint is distinct from e.owed)`,
  },
  {
    name: "debt_repaid_from_its_grant",
    description: "every debt repayment draws only on the lot of the grant it follows",
    query: (scope) => sql`
      select a.workspace_id, format('debt repayment %s: allocation to lot %s of grant %s, follows grant %s',
             e.id, al.lot_id, l.grant_entry_id, e.reference) as detail
        from ledger_entries e join credit_accounts a on a.workspace_id = e.workspace_id
        join ledger_allocations al on al.entry_id = e.id
        left join credit_lots l on l.id = al.lot_id
       where ${scope} and e.code = 'debt_repayment' and l.grant_entry_id::text is distinct from e.reference`,
  },
  {
    name: "dispute_applies_once",
    description: "a dispute is held at most once, closed at most once, and never held after it closed",
    query: (scope) => sql`
      select a.workspace_id, format('dispute %s: %s holds, %s closes, held after closing: %s', d.reference,
             d.holds, d.closes, d.held_after_close) as detail
        from credit_accounts a
        join (select workspace_id, reference,
                     count(*) filter (where code = 'dispute_hold') as holds,
                     count(*) filter (where (code = 'dispute_release' and result is not null)
                                         or (code = 'purchase_refund' and metadata->>'reason' = 'dispute_lost')) as closes,
                     coalesce(min(id) filter (where code = 'dispute_hold')
                       > min(id) filter (where (code = 'dispute_release' and result is not null)
                                            or (code = 'purchase_refund' and metadata->>'reason' = 'dispute_lost')), false)
                       as held_after_close
                from ledger_entries
               where code in ('dispute_hold', 'dispute_release', 'purchase_refund')
               group by workspace_id, reference) d on d.workspace_id = a.workspace_id
       where ${scope} and (d.holds > 1 or d.closes > 1 or d.held_after_close)`,
  },
  {
    // The hot tables have no foreign keys (they cost a row lock and WAL on every spend): this
    // check stands in for them.
    name: "rows_point_somewhere",
    description:
      "every entry, allocation, usage event and member usage row belongs to its workspace and member",
    query: (scope) => sql`
      select a.workspace_id, o.detail
        from credit_accounts a
        join (
          select e.workspace_id, format('entry %s: member %s is not in the workspace', e.id, e.membership_id) as detail
            from ledger_entries e left join memberships m on m.id = e.membership_id and m.workspace_id = e.workspace_id
           where e.membership_id is not null and m.id is null
          union all
          select al.workspace_id, format('allocation of entry %s to lot %s: %s', al.entry_id, al.lot_id,
                 case when e.id is null then 'no such entry' else 'no such lot in the workspace' end)
            from ledger_allocations al
            left join ledger_entries e on e.id = al.entry_id and e.workspace_id = al.workspace_id
            left join credit_lots l on l.id = al.lot_id and l.workspace_id = al.workspace_id
           where e.id is null or l.id is null
          union all
          select ue.workspace_id, format('usage event %s: %s', ue.id,
                 case when e.id is null then 'no such entry' else 'member not in the workspace' end)
            from usage_events ue
            left join ledger_entries e on e.id = ue.ledger_entry_id and e.workspace_id = ue.workspace_id
            left join memberships m on m.id = ue.membership_id and m.workspace_id = ue.workspace_id
           where e.id is null or (ue.membership_id is not null and m.id is null)
          union all
          select u.workspace_id, format('member usage of %s: member not in the workspace', u.membership_id)
            from member_usage u left join memberships m on m.id = u.membership_id and m.workspace_id = u.workspace_id
           where m.id is null
        ) o on o.workspace_id = a.workspace_id
       where ${scope}`,
  },
  {
    // Analytics read these two instead of usage_daily whenever they can (db/functions/usage-rollups.sql).
    name: "rollups_add_up",
    description:
      "usage_daily_totals and usage_daily_members are the sums of usage_daily, without the member and per member",
    query: (scope) => sql`
      select a.workspace_id, o.detail
        from credit_accounts a
        join (
          select coalesce(t.workspace_id, d.workspace_id) as workspace_id,
                 format('usage_daily_totals on %s, key %s, %s/%s: %s credits (%s refunded, %s generations), usage_daily adds up to %s (%s, %s)',
                        coalesce(t.day, d.day), coalesce(t.api_key_id, d.api_key_id), coalesce(t.feature, d.feature),
                        coalesce(t.model, d.model), t.credits, t.credits_refunded, t.generations, d.credits,
                        d.credits_refunded, d.generations) as detail
            from usage_daily_totals t
            full join (select workspace_id, day, api_key_id, feature, model, sum(generations) as generations,
                              sum(results) as results, sum(credits) as credits, sum(credits_refunded) as credits_refunded
                         from usage_daily group by 1, 2, 3, 4, 5) d
              on d.workspace_id = t.workspace_id and d.day = t.day and d.api_key_id is not distinct from t.api_key_id
             and d.feature = t.feature and d.model = t.model
           where (t.generations, t.results, t.credits, t.credits_refunded)
                 is distinct from (d.generations, d.results, d.credits, d.credits_refunded)
          union all
          select coalesce(m.workspace_id, d.workspace_id),
                 format('usage_daily_members on %s, member %s: %s credits (%s refunded, %s generations), usage_daily adds up to %s (%s, %s)',
                        coalesce(m.day, d.day), coalesce(m.membership_id, d.membership_id), m.credits,
                        m.credits_refunded, m.generations, d.credits, d.credits_refunded, d.generations)
            from usage_daily_members m
            full join (select workspace_id, day, membership_id, sum(generations) as generations, sum(results) as results,
                              sum(credits) as credits, sum(credits_refunded) as credits_refunded
                         from usage_daily group by 1, 2, 3) d
              on d.workspace_id = m.workspace_id and d.day = m.day and d.membership_id is not distinct from m.membership_id
           where (m.generations, m.results, m.credits, m.credits_refunded)
                 is distinct from (d.generations, d.results, d.credits, d.credits_refunded)
        ) o on o.workspace_id = a.workspace_id
       where ${scope}`,
  },
];

// Any drizzle postgres-js database: the app's handle or a script's.
type AnyDatabase = PostgresJsDatabase<Record<string, unknown>>;

export async function verifyLedger(
  db: AnyDatabase,
  options: { workspaceId?: string } = {},
): Promise<Violation[]> {
  const scope = options.workspaceId ? sql`a.workspace_id = ${options.workspaceId}::uuid` : sql`true`;
  const violations: Violation[] = [];
  for (const check of CHECKS) {
    const rows = await db.execute<{ workspace_id: string; detail: string }>(check.query(scope));
    for (const row of rows)
      violations.push({ check: check.name, workspace: row.workspace_id, detail: row.detail });
  }
  return violations;
}
