// API keys for the metering API: only a hash of the secret is stored.
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { ownedBy, tenantPrimaryKey, tenantRowId } from "./columns";
import { users } from "./users";
import { workspaces } from "./workspaces";

export const apiKeys = pgTable(
  "api_keys",
  {
    id: tenantRowId(),
    workspaceId: ownedBy(() => workspaces.id),
    name: text().notNull(),
    /** The key's visible start ("cpk_3f9a1c2b"), to tell keys apart in the list. */
    prefix: text().notNull(),
    /** SHA-256 of the whole key. */
    secretHash: text().notNull(),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    /** This key's own sustained rate (requests per second); null for the default. */
    rateLimitPerSecond: integer(),
    /** How many requests it may make at once before the sustained rate applies; null for the default. */
    rateLimitBurst: integer(),
    /** Credits this key may use (spent + held) per month of the workspace's time zone; null for no cap. */
    monthlyCreditCap: bigint({ mode: "number" }),
    /**
     * What this key may spend on: entries "feature" (any model of it) or "feature:model"; null for
     * everything. Spends on anything else are refused with model_not_allowed.
     */
    allowedModels: text().array(),
  },
  (t) => [
    tenantPrimaryKey(t),
    // Hash first: every metering request finds its key by the hash alone (docs/SCALING.md).
    unique("api_keys_secret_hash_unique").on(t.secretHash, t.workspaceId),
    index("api_keys_workspace_idx").on(t.workspaceId, t.createdAt.desc()),
    // Both set or both default, within the bounds the API keys page accepts.
    check(
      "api_keys_rate_limit_sane",
      sql`(${t.rateLimitPerSecond} is null and ${t.rateLimitBurst} is null) or (${t.rateLimitPerSecond} between 1 and 10000 and ${t.rateLimitBurst} between ${t.rateLimitPerSecond} and 100000)`,
    ),
    check(
      "api_keys_monthly_credit_cap_range",
      sql`${t.monthlyCreditCap} IS NULL OR ${t.monthlyCreditCap} BETWEEN 0 AND 9007199254740991`,
    ),
    check(
      "api_keys_allowed_models_sane",
      sql`${t.allowedModels} IS NULL OR (cardinality(${t.allowedModels}) BETWEEN 1 AND 200 AND array_position(${t.allowedModels}, NULL) IS NULL)`,
    ),
  ],
);

/** Credits a key used (spent + held) in a month of the workspace's time zone, like member_usage. */
export const apiKeyUsage = pgTable(
  "api_key_usage",
  {
    // No foreign keys on this hot table, like member_usage (db/schema/ledger.ts).
    apiKeyId: uuid().notNull(),
    periodStart: date().notNull(),
    workspaceId: uuid().notNull(),
    used: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.apiKeyId, t.periodStart, t.workspaceId] }),
    check("api_key_usage_used_non_negative", sql`${t.used} >= 0`),
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;
export type ApiKeyUsage = typeof apiKeyUsage.$inferSelect;
