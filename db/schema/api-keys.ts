// API keys for the metering API: only a hash of the secret is stored.
import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";
import { workspaces } from "./workspaces";

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** The key's visible start ("cpk_3f9a1c2b"), to tell keys apart in the list. */
    prefix: text().notNull(),
    /** SHA-256 of the whole key. */
    secretHash: text().notNull().unique(),
    createdByUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("api_keys_workspace_idx").on(t.workspaceId, t.createdAt.desc())],
);

export type ApiKey = typeof apiKeys.$inferSelect;
