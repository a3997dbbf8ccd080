import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { randomId, tenantPrimaryKey, tenantRowId } from "./columns";
import { MAX_CREDITS } from "./ledger";

export const usageStatusEnum = pgEnum("usage_status", ["charged", "partially_refunded", "refunded"]);

/** One row per charged generation; the data analytics read. */
export const usageEvents = pgTable(
  "usage_events",
  {
    id: tenantRowId(),
    // No foreign keys on this hot table: see the note above ledgerEntries (db/schema/ledger.ts).
    workspaceId: uuid().notNull(),
    membershipId: uuid(),
    /** The API key that metered it (null for spends made in the app or by a key's earlier holds). */
    apiKeyId: uuid(),
    feature: text().notNull(),
    model: text().notNull(),
    settings: jsonb().notNull().default({}),
    results: integer().notNull(),
    credits: bigint({ mode: "number" }).notNull(),
    creditsRefunded: bigint({ mode: "number" }).notNull().default(0),
    status: usageStatusEnum().notNull().default("charged"),
    ledgerEntryId: bigint({ mode: "number" }).notNull(),
    holdId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    tenantPrimaryKey(t),
    unique("usage_events_entry_unique").on(t.ledgerEntryId, t.workspaceId),
    index("usage_events_workspace_created_idx").on(t.workspaceId, t.createdAt),
    // My usage pages through one member's generations newest first (keyset on the entry id). Without
    // it the page walked the workspace's whole history backwards, filtering by member: 134 s for a
    // member with no generations in a 2,000,000-event workspace (docs/PERFORMANCE.md). Ascending on
    // purpose: scanned backwards it gives `order by ledger_entry_id desc` (NULLS FIRST); drizzle's
    // `.desc()` writes DESC NULLS LAST, which that ORDER BY does not match, and the planner ignored it.
    index("usage_events_member_entry_idx").on(t.workspaceId, t.membershipId, t.ledgerEntryId),
    index("usage_events_api_key_created_idx")
      .on(t.apiKeyId, t.createdAt)
      .where(sql`${t.apiKeyId} IS NOT NULL`),
    check("usage_events_results_positive", sql`${t.results} > 0`),
    check(
      "usage_events_credits_range",
      sql`${t.credits} >= 0 AND ${t.creditsRefunded} BETWEEN 0 AND ${t.credits}`,
    ),
  ],
);

/** What a generation costs: per result, for a tool (feature), model and settings. */
export const rateCard = pgTable(
  "rate_card",
  {
    id: randomId(),
    feature: text().notNull(),
    model: text().notNull(),
    /** The settings this price applies to; the most specific matching row wins. */
    settings: jsonb().$type<Record<string, string>>().notNull().default({}),
    creditsPerResult: bigint({ mode: "number" }).notNull(),
    isPro: boolean().notNull().default(false),
    label: text().notNull(),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("rate_card_feature_model_settings_unique").on(t.feature, t.model, t.settings),
    index("rate_card_lookup_idx").on(t.feature, t.model),
    check(
      "rate_card_credits_range",
      sql`${t.creditsPerResult} BETWEEN 1 AND ${sql.raw(String(MAX_CREDITS))}`,
    ),
  ],
);

export type UsageEvent = typeof usageEvents.$inferSelect;
export type RateCardRow = typeof rateCard.$inferSelect;
/** What pricing reads of a rate (lib/billing/pricing.ts). */
export type Rate = Pick<RateCardRow, "feature" | "model" | "settings" | "creditsPerResult" | "isPro">;
export type NewRateCardRow = typeof rateCard.$inferInsert;
