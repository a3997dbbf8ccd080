// The credit ledger. Only lib/ledger (through the SQL functions in the ledger_functions migration)
// writes these tables. Entries and allocations are append-only; lots and accounts are the
// materialised state the entries add up to, and `npm run ledger:verify` proves they agree.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { ownedBy, sameWorkspace, tenantPrimaryKey, tenantRowId } from "./columns";
import { memberships, workspaces } from "./workspaces";

/** Largest credit amount any column may hold: keeps every figure exact as a JS number. */
export const MAX_CREDITS = 9_007_199_254_740_991;

export const lotTypeEnum = pgEnum("lot_type", ["free", "subscription", "top_up", "adjustment"]);
export const entryCodeEnum = pgEnum("entry_code", [
  "grant_free",
  "grant_subscription",
  "top_up",
  "auto_top_up",
  "spend",
  "hold",
  "release",
  "expire",
  "refund",
  "adjustment",
  // Issue 18: money that goes back (db/functions/reversals.sql).
  /** Credits a refunded or lost-disputed payment had bought, taken back (what is missing: `owed`). */
  "purchase_refund",
  /** A dispute opened: what was left of the payment's lots stops being spendable. */
  "dispute_hold",
  /** A dispute closed: the held credits go back to their lots (won, or before a lost one's take-back). */
  "dispute_release",
  /** A grant's first credits paying the workspace's debt off. */
  "debt_repayment",
]);
export const holdStatusEnum = pgEnum("hold_status", ["active", "settled", "released", "expired"]);

/** One row per workspace: the row every ledger operation locks first. */
export const creditAccounts = pgTable(
  "credit_accounts",
  {
    workspaceId: uuid()
      .primaryKey()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    balance: bigint({ mode: "number" }).notNull().default(0),
    held: bigint({ mode: "number" }).notNull().default(0),
    lifetimeAdded: bigint({ mode: "number" }).notNull().default(0),
    lifetimeSpent: bigint({ mode: "number" }).notNull().default(0),
    lifetimeExpired: bigint({ mode: "number" }).notNull().default(0),
    /**
     * Credits the workspace owes: taken back by a refund or lost dispute after they were spent. The
     * sum of its entries' `owed`; while above zero spends and holds are refused (`credits_owed`).
     */
    debt: bigint({ mode: "number" }).notNull().default(0),
    /** Credits held for open disputes: out of the balance, the sum of the lots' `amount_disputed`. */
    disputed: bigint({ mode: "number" }).notNull().default(0),
    /**
     * The balance below which `credit_balance_low` fires: the auto top-up threshold when auto top-up
     * is on, else the workspace's Low Balance threshold. Kept here (by cp_sync_alert_threshold) so a
     * trigger on this row can see a crossing without reading anything else.
     */
    lowBalanceThreshold: bigint({ mode: "number" }).notNull().default(500),
    /** True once `credit_balance_low` fired for the current crossing; re-armed when the balance recovers. */
    lowBalanceAlerted: boolean().notNull().default(false),
    /** The auto top-up threshold while auto top-up is on; null when it is off. */
    autoTopUpThreshold: bigint({ mode: "number" }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("credit_accounts_balance_range", sql`${t.balance} BETWEEN 0 AND ${sql.raw(String(MAX_CREDITS))}`),
    check("credit_accounts_held_non_negative", sql`${t.held} >= 0`),
    check("credit_accounts_debt_range", sql`${t.debt} BETWEEN 0 AND ${sql.raw(String(MAX_CREDITS))}`),
    check("credit_accounts_disputed_range", sql`${t.disputed} BETWEEN 0 AND ${sql.raw(String(MAX_CREDITS))}`),
    check(
      "credit_accounts_lifetime_non_negative",
      sql`${t.lifetimeAdded} >= 0 AND ${t.lifetimeSpent} >= 0 AND ${t.lifetimeExpired} >= 0`,
    ),
    check(
      "credit_accounts_thresholds_non_negative",
      sql`${t.lowBalanceThreshold} >= 0 AND (${t.autoTopUpThreshold} IS NULL OR ${t.autoTopUpThreshold} >= 0)`,
    ),
  ],
);

// The hot append-only tables (entries, allocations, usage events, member usage) carry no foreign
// keys: each key check locks the parent row and writes WAL on every spend. Only the ledger's
// functions write them, after checking the workspace (locked) and the member; `ledger:verify`
// proves no row points nowhere, a trigger deletes them with their workspace, and memberships with
// history can only be removed (soft), never deleted (migration 0015).
export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
    workspaceId: uuid().notNull(),
    /** Signed: positive adds credits to the pool, negative takes them out. */
    amount: bigint({ mode: "number" }).notNull(),
    balanceAfter: bigint({ mode: "number" }).notNull(),
    code: entryCodeEnum().notNull(),
    /** Members are never deleted once they have history (removal is a soft delete). */
    membershipId: uuid(),
    holdId: uuid(),
    /** The spend a refund reverses. */
    refundOfEntryId: bigint({ mode: "number" }),
    /** Where it came from: a Stripe object id, a lot id, a plan period, ... */
    reference: text(),
    /** Month (first day, workspace time zone) whose member allowance this entry counts against. */
    usagePeriod: date(),
    /** How the amount split across lot types; same sign as amount, adds up to it. */
    splitFree: bigint({ mode: "number" }).notNull().default(0),
    splitSubscription: bigint({ mode: "number" }).notNull().default(0),
    splitTopUp: bigint({ mode: "number" }).notNull().default(0),
    splitAdjustment: bigint({ mode: "number" }).notNull().default(0),
    /**
     * What this entry changed the workspace's debt by: a `purchase_refund` adds what it could not
     * take back (>= 0), a `debt_repayment` pays it off (= amount, < 0); 0 on every other entry.
     */
    owed: bigint({ mode: "number" }).notNull().default(0),
    idempotencyKey: text().notNull(),
    /** Hash of the request that made this entry: the same key with another request is a conflict. */
    requestHash: text().notNull(),
    /**
     * The operation's result, kept on its main entry so a replay returns exactly the first answer. A
     * spend keeps none: its answer is rebuilt from these columns (cp_entry_answer, ledger-helpers.sql).
     */
    result: jsonb(),
    metadata: jsonb().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    tenantPrimaryKey(t),
    // Key first: a lookup by key is one probe of this index whatever the statistics say about the
    // workspace (see migration 0024).
    unique("ledger_entries_key_workspace_unique").on(t.idempotencyKey, t.workspaceId),
    index("ledger_entries_workspace_id_idx").on(t.workspaceId, t.id.desc()),
    // The history's type filter (Purchase, Grant, ...) and the dispute look-ups by code and reference:
    // rare codes among a workspace's spends. Spends (nearly every entry) are left out, so the batch
    // and every spend skip this index's upkeep; a filter to spends walks ledger_entries_workspace_id_idx,
    // where they are nearly every row (docs/PERFORMANCE.md, "Which index serves what").
    index("ledger_entries_workspace_code_idx")
      .on(t.workspaceId, t.code, t.id.desc())
      .where(sql`${t.code} <> 'spend'`),
    // Transactions filtered to one member, newest first (keyset on the id). Without it the page walks
    // the workspace's history backwards, keeping that member's entries: all of it for a member with
    // none (docs/PERFORMANCE.md). Ascending, scanned backwards, like usage_events_member_entry_idx.
    index("ledger_entries_member_id_idx").on(t.workspaceId, t.membershipId, t.id),
    index("ledger_entries_refund_of_idx")
      .on(t.refundOfEntryId)
      .where(sql`${t.refundOfEntryId} IS NOT NULL`),
    // An entry moves credits or debt. A dispute's hold or release may move neither (nothing was left
    // to hold): it still records that the dispute opened or closed, so events out of order apply once.
    // (code::text: an enum value added in the same migration may not be used as a value there.)
    check(
      "ledger_entries_amount_non_zero",
      sql`${t.amount} <> 0 OR ${t.owed} <> 0 OR ${t.code}::text IN ('dispute_hold', 'dispute_release')`,
    ),
    check(
      "ledger_entries_owed_by_code",
      sql`CASE ${t.code}::text WHEN 'purchase_refund' THEN ${t.owed} >= 0 AND ${t.amount} <= 0
        WHEN 'debt_repayment' THEN ${t.owed} = ${t.amount} AND ${t.owed} < 0 ELSE ${t.owed} = 0 END`,
    ),
    check("ledger_entries_balance_after_non_negative", sql`${t.balanceAfter} >= 0`),
    check(
      "ledger_entries_split_adds_up",
      sql`${t.splitFree} + ${t.splitSubscription} + ${t.splitTopUp} + ${t.splitAdjustment} = ${t.amount}`,
    ),
    check("ledger_entries_key_length", sql`char_length(${t.idempotencyKey}) BETWEEN 1 AND 255`),
  ],
);

export const creditLots = pgTable(
  "credit_lots",
  {
    id: tenantRowId(),
    workspaceId: ownedBy(() => workspaces.id),
    type: lotTypeEnum().notNull(),
    amountGranted: bigint({ mode: "number" }).notNull(),
    amountRemaining: bigint({ mode: "number" }).notNull(),
    /**
     * Whether anything is left. The open-lots index filters on this instead of on amount_remaining,
     * so drawing from a lot changes no indexed value and PostgreSQL updates it in place (HOT).
     */
    isOpen: boolean()
      .generatedAlwaysAs(sql`amount_remaining > 0`)
      .notNull(),
    /** Everything expired from this lot so far (also makes each expire entry's key unique). */
    amountExpired: bigint({ mode: "number" }).notNull().default(0),
    /** Held for an open dispute (dispute_hold): out of `amount_remaining`, not spendable, not expiring. */
    amountDisputed: bigint({ mode: "number" }).notNull().default(0),
    grantedAt: timestamp({ withTimezone: true }).notNull(),
    /** Null: never expires (top-ups). */
    expiresAt: timestamp({ withTimezone: true }),
    /** The entry code that created the lot: grant_free, top_up, refund, ... */
    source: entryCodeEnum().notNull(),
    sourceRef: text(),
    grantEntryId: bigint({ mode: "number" }).notNull(),
  },
  (t) => [
    tenantPrimaryKey(t),
    sameWorkspace("credit_lots_grant_entry_fk", t.grantEntryId, t.workspaceId, ledgerEntries),
    index("credit_lots_open_idx")
      .on(t.workspaceId, t.expiresAt)
      .where(sql`${t.isOpen}`),
    check("credit_lots_granted_range", sql`${t.amountGranted} BETWEEN 1 AND ${sql.raw(String(MAX_CREDITS))}`),
    check("credit_lots_remaining_range", sql`${t.amountRemaining} BETWEEN 0 AND ${t.amountGranted}`),
    check("credit_lots_expired_range", sql`${t.amountExpired} BETWEEN 0 AND ${t.amountGranted}`),
    check(
      "credit_lots_disputed_range",
      sql`${t.amountDisputed} >= 0 AND ${t.amountRemaining} + ${t.amountDisputed} <= ${t.amountGranted}`,
    ),
    check("credit_lots_expiry_after_grant", sql`${t.expiresAt} IS NULL OR ${t.expiresAt} > ${t.grantedAt}`),
  ],
);

/** Which lots an entry touched and by how much (signed like the entry). */
export const ledgerAllocations = pgTable(
  "ledger_allocations",
  {
    entryId: bigint({ mode: "number" }).notNull(),
    lotId: uuid().notNull(),
    /** Order in which the lots were drawn (refunds and settles walk it). */
    seq: smallint().notNull(),
    workspaceId: uuid().notNull(),
    lotType: lotTypeEnum().notNull(),
    amount: bigint({ mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.entryId, t.lotId, t.workspaceId] }),
    index("ledger_allocations_lot_idx").on(t.lotId),
    check("ledger_allocations_amount_non_zero", sql`${t.amount} <> 0`),
  ],
);

export const holds = pgTable(
  "holds",
  {
    id: tenantRowId(),
    workspaceId: ownedBy(() => workspaces.id),
    membershipId: uuid().notNull(),
    /** The API key that placed the hold: its settle and release adjust that key's usage. */
    apiKeyId: uuid(),
    amount: bigint({ mode: "number" }).notNull(),
    status: holdStatusEnum().notNull().default("active"),
    feature: text().notNull(),
    model: text().notNull(),
    settings: jsonb().notNull().default({}),
    results: integer().notNull(),
    isPro: boolean().notNull().default(false),
    usagePeriod: date().notNull(),
    holdEntryId: bigint({ mode: "number" }).notNull(),
    settledAmount: bigint({ mode: "number" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    closedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    tenantPrimaryKey(t),
    sameWorkspace("holds_membership_fk", t.membershipId, t.workspaceId, memberships),
    sameWorkspace("holds_hold_entry_fk", t.holdEntryId, t.workspaceId, ledgerEntries),
    index("holds_active_expiry_idx")
      .on(t.expiresAt)
      .where(sql`${t.status} = 'active'`),
    index("holds_workspace_idx").on(t.workspaceId, t.createdAt.desc()),
    check("holds_amount_positive", sql`${t.amount} > 0`),
    check(
      "holds_settled_range",
      sql`${t.settledAmount} IS NULL OR ${t.settledAmount} BETWEEN 0 AND ${t.amount}`,
    ),
  ],
);

/** Credits a member used (spent + held) in a month of the workspace's time zone. */
export const memberUsage = pgTable(
  "member_usage",
  {
    membershipId: uuid().notNull(),
    periodStart: date().notNull(),
    workspaceId: uuid().notNull(),
    used: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.membershipId, t.periodStart, t.workspaceId] }),
    check("member_usage_used_non_negative", sql`${t.used} >= 0`),
  ],
);

export type CreditAccount = typeof creditAccounts.$inferSelect;
export type LedgerEntry = typeof ledgerEntries.$inferSelect;
export type CreditLot = typeof creditLots.$inferSelect;
export type LedgerAllocation = typeof ledgerAllocations.$inferSelect;
export type Hold = typeof holds.$inferSelect;
export type MemberUsage = typeof memberUsage.$inferSelect;
export type LotType = (typeof lotTypeEnum.enumValues)[number];
export type EntryCode = (typeof entryCodeEnum.enumValues)[number];
export type HoldStatus = (typeof holdStatusEnum.enumValues)[number];
