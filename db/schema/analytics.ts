import { sql } from "drizzle-orm";
import { bigint, check, date, index, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { ownedBy } from "./columns";
import { workspaces } from "./workspaces";

/**
 * Usage per local day (workspace time zone), member, API key, feature and model: the sums of `usage_events`,
 * kept exact by triggers on that table (one upsert per inserting statement, refunds as deltas) and
 * rebuilt in the same transaction when the workspace's time zone changes. Analytics read these rows;
 * any range of whole local days is an exact sum of them.
 */
export const usageDaily = pgTable(
  "usage_daily",
  {
    workspaceId: ownedBy(() => workspaces.id),
    /** The local date of the generations in the workspace's time zone. */
    day: date().notNull(),
    /** Null only for usage without a member (as on the event). */
    membershipId: uuid(),
    /** The API key that metered it; null for usage made in the app (as on the event). */
    apiKeyId: uuid(),
    feature: text().notNull(),
    model: text().notNull(),
    generations: bigint({ mode: "number" }).notNull(),
    results: bigint({ mode: "number" }).notNull(),
    /** What was charged, before refunds. */
    credits: bigint({ mode: "number" }).notNull(),
    creditsRefunded: bigint({ mode: "number" }).notNull(),
  },
  (t) => [
    unique("usage_daily_key")
      .on(t.workspaceId, t.day, t.membershipId, t.apiKeyId, t.feature, t.model)
      .nullsNotDistinct(),
    index("usage_daily_member_day_idx").on(t.membershipId, t.day),
    check(
      "usage_daily_figures_non_negative",
      sql`${t.generations} >= 0 AND ${t.results} >= 0 AND ${t.creditsRefunded} BETWEEN 0 AND ${t.credits}`,
    ),
  ],
);

export type UsageDailyRow = typeof usageDaily.$inferSelect;
