// API keys for the metering API: only a hash of the secret is stored.
import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
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
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;
